// Every row of every table the indexer serves, read through GraphQL (introspected, paginated), in a
// canonical order: two indexers hold identical data exactly when their dumps are deepEqual.
import type { IndexerProcess } from "./indexerProcess.ts";

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type Field = { name: string; type: TypeRef };

const introspection = `{
  __schema {
    queryType { fields { name type { kind name ofType { kind name ofType { kind name } } } } }
    types { name kind fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }
  }
}`;

function named(type: TypeRef): TypeRef {
  return type.ofType ? named(type.ofType) : type;
}

export type Dump = Record<string, Record<string, unknown>[]>;

export async function dumpTables(indexer: IndexerProcess): Promise<Dump> {
  const schema = (
    await indexer.graphql<{
      __schema: {
        queryType: { fields: Field[] };
        types: { name: string; kind: string; fields: Field[] | null }[];
      };
    }>(introspection)
  ).__schema;
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const dump: Dump = {};
  for (const field of schema.queryType.fields) {
    const page = named(field.type).name;
    if (!page?.endsWith("Page")) continue;
    const rowType = types.get(page.slice(0, -"Page".length));
    // Scalars only: relations are the same rows seen from elsewhere.
    const columns = (rowType?.fields ?? [])
      .filter((f) => {
        const kind = named(f.type).kind;
        return kind === "SCALAR" || kind === "ENUM";
      })
      .map((f) => f.name);
    const rows: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Record<
        string,
        { items: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean; endCursor: string } }
      > = await indexer.graphql(
        `query ($after: String) { ${field.name}(limit: 1000, after: $after) {
           items { ${columns.join(" ")} } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const result = data[field.name]!;
      rows.push(...result.items);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    dump[field.name] = rows
      .map((r) => JSON.stringify(r))
      .sort()
      .map((r) => JSON.parse(r) as Record<string, unknown>);
  }
  return dump;
}
