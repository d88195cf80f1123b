export function Component() {
  return (
    <div className="page">
      <h1>Governance</h1>
    </div>
  );
}
