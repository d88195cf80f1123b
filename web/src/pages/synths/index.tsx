export function Component() {
  return (
    <div className="page">
      <h1>Synths</h1>
    </div>
  );
}
