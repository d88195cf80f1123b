// What a GraphQL request may ask of the indexer, checked before anything runs: body size, tokens,
// aliases, depth, introspection nesting, each list's limit and offset, and an estimate of the rows
// it reads. Ponder executes every nested list once per parent row, so a 218-byte query nesting
// swaps -> pool -> swaps -> pool -> swaps asks for 50^3 rows at default page sizes (1000^3 at the
// largest); the estimate multiplies page sizes through the nesting and refuses before execution.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
  validate,
} from "graphql";
import type { GraphqlLimits } from "../config/env.ts";
import { ApiError, quoteInput } from "./apiError.ts";

/** Ponder's page size when a list names no `limit`. */
export const PONDER_DEFAULT_LIMIT = 50;

/** Lists of the introspection schema that graphql-js's MaxIntrospectionDepthRule counts. */
const INTROSPECTION_LISTS = new Set(["fields", "interfaces", "possibleTypes", "inputFields"]);
/** graphql-js refuses introspection nesting this many of those lists (a response that grows as
 * types x fields x fields ...); Ponder pins graphql 16.8.2, which predates the rule. */
const MAX_INTROSPECTION_LISTS = 3;

export type GraphqlRequest = {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
};

/** What the checked request asks for; `forward` when GraphQL itself will refuse it unexecuted. */
export type GraphqlCheck =
  | { verdict: "allowed"; depth: number; aliases: number; cost: number }
  | { verdict: "forward" };

/** Reads a JSON body `{ query, variables?, operationName? }` (a GraphQL-over-HTTP POST). */
export function readGraphqlRequest(text: string): GraphqlRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("graphql.invalid_request", "the body must be JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(
      "graphql.invalid_request",
      "the body must be one JSON object { query, variables, operationName } (batches are not served)",
    );
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") {
    throw new ApiError("graphql.invalid_request", "query must be a non-empty string");
  }
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== "object" || Array.isArray(variables))
  ) {
    throw new ApiError("graphql.invalid_request", "variables must be an object");
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") {
    throw new ApiError("graphql.invalid_request", "operationName must be a string");
  }
  return {
    query,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: operationName ?? undefined,
  };
}

/**
 * Checks a request against the limits; throws an ApiError (400) naming the first one exceeded.
 * Requests GraphQL itself refuses (syntax, unknown fields, bad argument types) are forwarded
 * unexecuted so the client gets GraphQL's own message.
 */
export function checkGraphqlRequest(
  schema: GraphQLSchema,
  request: GraphqlRequest,
  limits: GraphqlLimits,
): GraphqlCheck {
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof GraphQLError && /contains more th\w+ \d+ tokens/.test(error.message)) {
      throw new ApiError(
        "graphql.too_many_tokens",
        `the query has more than ${limits.maxTokens} tokens`,
      );
    }
    return { verdict: "forward" };
  }
  if (validate(schema, document).length > 0) return { verdict: "forward" };

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  let worst = { depth: 0, aliases: 0, cost: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const stats = new OperationWalk(schema, definition, fragments, request.variables, limits).run();
    if (stats.aliases > limits.maxAliases) {
      throw new ApiError(
        "graphql.too_many_aliases",
        `the operation has ${stats.aliases} aliases, at most ${limits.maxAliases} are served`,
      );
    }
    if (stats.depth > limits.maxDepth) {
      throw new ApiError(
        "graphql.too_deep",
        `the operation nests fields ${stats.depth} deep, at most ${limits.maxDepth} are served`,
      );
    }
    if (stats.introspectionLists >= MAX_INTROSPECTION_LISTS) {
      throw new ApiError(
        "graphql.too_deep",
        `introspection nests ${stats.introspectionLists} of fields/inputFields/interfaces/possibleTypes, at most ${MAX_INTROSPECTION_LISTS - 1} are served`,
      );
    }
    if (stats.cost > limits.maxCost) {
      throw new ApiError(
        "graphql.too_costly",
        `the operation may read ${formatCost(stats.cost)} rows (each list's offset + limit, multiplied through the lists around it), at most ${limits.maxCost} are served: lower the limits or nest fewer lists`,
      );
    }
    worst = {
      depth: Math.max(worst.depth, stats.depth),
      aliases: Math.max(worst.aliases, stats.aliases),
      cost: Math.max(worst.cost, stats.cost),
    };
  }
  return { verdict: "allowed", ...worst };
}

function formatCost(cost: number): string {
  return Number.isSafeInteger(cost) ? String(cost) : cost.toExponential(2);
}

type Stats = { depth: number; aliases: number; cost: number; introspectionLists: number };
const NOTHING: Stats = { depth: 0, aliases: 0, cost: 0, introspectionLists: 0 };

function isPageType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return type.name.endsWith("Page") && "items" in fields && "pageInfo" in fields;
}

/**
 * One operation's statistics. Fragments are expanded where they are spread, with their results
 * memoized (a fragment's cost scales linearly with the rows it is spread under), so a document
 * of nested double spreads cannot make the walk itself exponential.
 */
class OperationWalk {
  private readonly memo = new Map<string, Stats>();
  private readonly active = new Set<string>();
  private readonly schema: GraphQLSchema;
  private readonly operation: OperationDefinitionNode;
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  private readonly variables: Record<string, unknown>;
  private readonly limits: GraphqlLimits;

  constructor(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Map<string, FragmentDefinitionNode>,
    variables: Record<string, unknown>,
    limits: GraphqlLimits,
  ) {
    this.schema = schema;
    this.operation = operation;
    this.fragments = fragments;
    this.variables = variables;
    this.limits = limits;
  }

  run(): Stats {
    const root = this.schema.getRootType(this.operation.operation);
    if (!root) return NOTHING;
    return this.selections(this.operation.selectionSet, root, undefined, "");
  }

  /** `pageLimit`: the enclosing list's limit when `type` is a page (its `items` repeat that often). */
  private selections(
    set: SelectionSetNode,
    type: GraphQLNamedType,
    pageLimit: number | undefined,
    path: string,
  ): Stats {
    const total = { ...NOTHING };
    for (const selection of set.selections) {
      let stats: Stats;
      if (selection.kind === Kind.FIELD) {
        stats = this.field(selection, type, pageLimit, path);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (this.schema.getType(selection.typeCondition.name.value) ?? type)
          : type;
        stats = this.selections(selection.selectionSet, on, pageLimit, path);
      } else {
        stats = this.spread(selection.name.value, pageLimit, path);
      }
      total.depth = Math.max(total.depth, stats.depth);
      total.aliases += stats.aliases;
      total.cost += stats.cost;
      total.introspectionLists = Math.max(total.introspectionLists, stats.introspectionLists);
    }
    return total;
  }

  private spread(name: string, pageLimit: number | undefined, path: string): Stats {
    const fragment = this.fragments.get(name);
    // Unknown and cyclic fragments fail GraphQL validation before this walk runs.
    if (!fragment || this.active.has(name)) return NOTHING;
    const key = `${name}:${pageLimit ?? ""}`;
    const known = this.memo.get(key);
    if (known) return known;
    this.active.add(name);
    const on = this.schema.getType(fragment.typeCondition.name.value);
    const stats = on ? this.selections(fragment.selectionSet, on, pageLimit, path) : NOTHING;
    this.active.delete(name);
    this.memo.set(key, stats);
    return stats;
  }

  private field(
    node: FieldNode,
    parent: GraphQLNamedType,
    pageLimit: number | undefined,
    parentPath: string,
  ): Stats {
    const name = node.name.value;
    const key = node.alias?.value ?? name;
    const path = parentPath ? `${parentPath}.${key}` : key;
    const aliases = node.alias ? 1 : 0;
    if (name === "__schema" || name === "__type") {
      // Served from memory, bounded by the introspection rule, not by the data depth.
      const inner = node.selectionSet ? this.introspection(node.selectionSet) : 0;
      return { depth: 0, aliases, cost: 0, introspectionLists: inner };
    }
    if (name === "__typename") return { depth: 1, aliases, cost: 0, introspectionLists: 0 };
    const definition = fieldOf(parent, name);
    if (!definition) return { depth: 1, aliases, cost: 0, introspectionLists: 0 };
    const type = getNamedType(definition.type);

    if (isPageType(type)) {
      const limit = this.intArgument(node, "limit") ?? PONDER_DEFAULT_LIMIT;
      const offset = this.intArgument(node, "offset") ?? 0;
      if (!Number.isInteger(limit) || limit < 0 || limit > this.limits.maxLimit) {
        throw new ApiError(
          "graphql.limit_invalid",
          `${quoteInput(path)}: limit must be an integer in [0, ${this.limits.maxLimit}], got ${limit}`,
        );
      }
      if (!Number.isInteger(offset) || offset < 0) {
        throw new ApiError(
          "graphql.offset_invalid",
          `${quoteInput(path)}: offset must be a non-negative integer, got ${offset}`,
        );
      }
      const inner = node.selectionSet
        ? this.selections(node.selectionSet, type, limit, path)
        : NOTHING;
      // One statement reading offset + limit rows, for each row of the lists around it.
      return {
        ...inner,
        depth: inner.depth + 1,
        aliases: aliases + inner.aliases,
        cost: offset + limit + inner.cost,
      };
    }

    const inner = node.selectionSet
      ? this.selections(node.selectionSet, type, undefined, path)
      : NOTHING;
    const result = { ...inner, depth: inner.depth + 1, aliases: aliases + inner.aliases };
    if (pageLimit !== undefined && name === "items") {
      // The page's rows are counted by the page; what hangs off each row repeats per row.
      return { ...result, cost: inner.cost * pageLimit };
    }
    if (pageLimit !== undefined && name === "pageInfo") return result;
    if (pageLimit !== undefined && name === "totalCount") return { ...result, cost: 1 };
    // A single row (a one-relation, a lookup by key) or Ponder's _meta: one more read.
    if (isObjectType(type) || isInterfaceType(type)) return { ...result, cost: 1 + inner.cost };
    return result;
  }

  /** Nesting of introspection lists under `set` (names only: introspection types are fixed). */
  private introspection(set: SelectionSetNode, seen = new Set<string>()): number {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        deepest = Math.max(deepest, this.introspection(fragment.selectionSet, seen));
        seen.delete(fragment.name.value);
        continue;
      }
      const inner = selection.selectionSet ? this.introspection(selection.selectionSet, seen) : 0;
      const own =
        selection.kind === Kind.FIELD && INTROSPECTION_LISTS.has(selection.name.value) ? 1 : 0;
      deepest = Math.max(deepest, own + inner);
    }
    return deepest;
  }

  /** An Int argument's value: a literal, or a variable's value or default; undefined when unset. */
  private intArgument(node: FieldNode, name: string): number | undefined {
    const argument = node.arguments?.find((a) => a.name.value === name);
    if (!argument) return undefined;
    const value = this.valueOf(argument.value);
    if (value === undefined || value === null) return undefined;
    // Non-numbers fail GraphQL's own coercion before anything runs; estimate them as unset.
    return typeof value === "number" ? value : undefined;
  }

  private valueOf(value: ValueNode): unknown {
    switch (value.kind) {
      case Kind.INT:
        return Number(value.value);
      case Kind.NULL:
        return null;
      case Kind.VARIABLE: {
        const name = value.name.value;
        if (Object.hasOwn(this.variables, name)) return this.variables[name];
        const definition = this.operation.variableDefinitions?.find(
          (d) => d.variable.name.value === name,
        );
        return definition?.defaultValue ? this.valueOf(definition.defaultValue) : undefined;
      }
      default:
        return undefined;
    }
  }
}

function fieldOf(
  parent: GraphQLNamedType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}
