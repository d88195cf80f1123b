export function Component() {
  return (
    <div className="page">
      <h1>Debug</h1>
    </div>
  );
}
