// Every row of every table and view the indexer serves, read through GraphQL (introspected,
// paginated), in a canonical order: two indexers hold identical data exactly when their dumps are
// deepEqual. Views (valued positions, hourly candles) are computed as read, so their dumps also
// show both databases computing them alike.
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
    // Ponder pages views by offset alone, in no stable order: a view is read in one page.
    const pageInfo = rowType && types.get(page)?.fields?.find((f) => f.name === "pageInfo");
    if (pageInfo && named(pageInfo.type).name === "ViewPageInfo") {
      const data: Record<
        string,
        { items: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean } }
      > = await indexer.graphql(
        `{ ${field.name}(limit: 1000) { items { ${columns.join(" ")} } pageInfo { hasNextPage } } }`,
      );
      const result = data[field.name]!;
      if (result.pageInfo.hasNextPage)
        throw new Error(`dump: view ${field.name} has over 1,000 rows`);
      dump[field.name] = canonical(result.items);
      continue;
    }
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
    dump[field.name] = canonical(rows);
  }
  return dump;
}

function canonical(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows
    .map((r) => JSON.stringify(r))
    .sort()
    .map((r) => JSON.parse(r) as Record<string, unknown>);
}
