// PGlite runs Postgres in this process, and its query() answers each statement with six calls into the wasm module
// (parse, describe, bind, describe, execute, sync): the statement is parsed and planned again every time, and the
// results go through a copy of every type parser of the database (318) whenever the caller passes its own, as
// drizzle does. Here a statement is parsed once under a name and then run with one call (bind, execute, sync):
// for a provider's change about half of PGlite's CPU (bench/change-cost.ts, docs/benchmarks.md).
import type { PGlite, Results } from "@electric-sql/pglite";

type Parser = (value: string, typeId: number) => unknown;
type Serializer = (value: unknown) => string;
interface QueryOptions {
  rowMode?: "array" | "object";
  parsers?: Record<number, Parser>;
}

interface Statement {
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

// Each named statement holds its plan in the backend; a process asks few distinct texts often, but some texts are
// built per call (IN lists): those past the cap are closed again, oldest first.
const MAX_STATEMENTS = 200;

const encoder = new TextEncoder();

/** Frontend messages of the extended query protocol, all text format. */
class Writer {
  private parts: Uint8Array[] = [];
  private size = 0;

  message(type: string, body: (number | string | Uint8Array | null)[][]): this {
    const chunks: Uint8Array[] = [];
    for (const [kind, value] of body) {
      if (kind === 16) chunks.push(int16(value as number));
      else if (kind === 32) chunks.push(int32(value as number));
      else if (kind === 0) chunks.push(encoder.encode(`${value as string}\0`));
      else chunks.push(value as Uint8Array);
    }
    const length = chunks.reduce((n, c) => n + c.length, 4);
    this.push(encoder.encode(type));
    this.push(int32(length));
    for (const c of chunks) this.push(c);
    return this;
  }

  private push(bytes: Uint8Array) {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const int16 = (n: number) => new Uint8Array([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

type Message = { name: string } & Record<string, unknown>;

/**
 * A PGlite whose query() runs named statements. Everything else (transactions, exec, dumps) is the PGlite itself:
 * inside a transaction drizzle queries through the transaction's own object, which keeps the plain path.
 */
export function withNamedStatements(client: PGlite): PGlite {
  const statements = new Map<string, Statement>();
  let counter = 0;

  const exchange = async (bytes: Uint8Array) =>
    (await client.execProtocolStream(bytes, { throwOnError: true })) as unknown as Message[];

  async function prepare(text: string): Promise<Statement> {
    const name = `pgl_${++counter}`;
    const messages = await exchange(
      new Writer()
        .message("P", [
          [0, name],
          [0, text],
          [16, 0],
        ])
        .message("D", [
          [8, encoder.encode("S")],
          [0, name],
        ])
        .message("S", [])
        .bytes(),
    );
    const params = messages.find((m) => m.name === "parameterDescription") as { dataTypeIDs: number[] } | undefined;
    const rows = messages.find((m) => m.name === "rowDescription") as
      | { fields: { name: string; dataTypeID: number }[] }
      | undefined;
    const statement: Statement = {
      name,
      paramTypes: params?.dataTypeIDs ?? [],
      fields: rows?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [],
    };
    statements.set(text, statement);
    if (statements.size > MAX_STATEMENTS) {
      const [oldest, old] = statements.entries().next().value as [string, Statement];
      statements.delete(oldest);
      await exchange(
        new Writer()
          .message("C", [
            [8, encoder.encode("S")],
            [0, old.name],
          ])
          .message("S", [])
          .bytes(),
      );
    }
    return statement;
  }

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    const statement = statements.get(text) ?? (await prepare(text));
    const serializers = client.serializers as Record<number, Serializer>;
    const bind: (number | string | Uint8Array | null)[][] = [
      [0, ""],
      [0, statement.name],
      [16, 0],
      [16, params.length],
    ];
    params.forEach((value, i) => {
      if (value === null || value === undefined) {
        bind.push([32, -1]);
        return;
      }
      const serialize = serializers[statement.paramTypes[i] ?? 0];
      const bytes = encoder.encode(serialize ? serialize(value) : String(value));
      bind.push([32, bytes.length], [8, bytes]);
    });
    bind.push([16, 0]);
    const messages = await exchange(
      new Writer()
        .message("B", bind)
        .message("E", [
          [0, ""],
          [32, 0],
        ])
        .message("S", [])
        .bytes(),
    );
    const parsers = client.parsers as Record<number, Parser>;
    const custom = options?.parsers;
    const { fields } = statement;
    const parse = (value: string | null, i: number) => {
      if (value === null) return null;
      const type = (fields[i] as Statement["fields"][number]).dataTypeID;
      const parser = custom?.[type] ?? parsers[type];
      return parser ? parser(value, type) : value;
    };
    const rows: unknown[] = [];
    let affectedRows = 0;
    for (const m of messages) {
      if (m.name === "dataRow") {
        const values = (m.fields as (string | null)[]).map(parse);
        rows.push(
          options?.rowMode === "array" ? values : Object.fromEntries(fields.map((f, i) => [f.name, values[i]])),
        );
      } else if (m.name === "commandComplete") {
        const words = (m.text as string).split(" ");
        if (["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"].includes(words[0] ?? ""))
          affectedRows += Number.parseInt(words.at(-1) ?? "0", 10);
      }
    }
    return { rows: rows as T[], fields, affectedRows };
  }

  const query = async <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
    await client.waitReady;
    // As PGlite's own query(): after any transaction that holds the connection, one statement at a time.
    return client._runExclusiveTransaction(() => client._runExclusiveQuery(() => run<T>(text, params, options)));
  };

  return new Proxy(client, {
    get(target, property) {
      if (property === "query") return query;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
