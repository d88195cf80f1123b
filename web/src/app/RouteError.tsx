import { isRouteErrorResponse, Link, useRouteError } from "react-router";

/** A page that failed to load or threw while rendering: say so, keep the way home. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main id="main" className="page">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Back to the portfolio</Link> or reload the page.
      </p>
    </main>
  );
}
