export function Component() {
  return (
    <div className="page">
      <h1>Supply chain</h1>
    </div>
  );
}
