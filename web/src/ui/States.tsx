// The three states every view has besides its data: loading, empty and error. Each says what it is
// waiting for or what went wrong, and an error offers a retry.
import type { ReactNode } from "react";

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  return (
    <div className="state state-error" role="alert">
      <p>
        {message}
        {typeof code === "string" ? <span className="code"> ({code})</span> : null}
      </p>
      {retry ? (
        <button type="button" className="button secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Renders a query's loading / error / empty state, or its data. */
export function QueryView<T>({
  query,
  what,
  isEmpty,
  empty,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const data = query.data as T;
  if (isEmpty?.(data)) return <Empty>{empty ?? `No ${what} yet.`}</Empty>;
  return <>{children(data)}</>;
}
