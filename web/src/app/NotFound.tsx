import { Link } from "react-router";

export function Component() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing here. <Link to="/">Go to your portfolio</Link>.
      </p>
    </div>
  );
}
