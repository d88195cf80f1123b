export function Component() {
  return (
    <div className="page">
      <h1>Pools</h1>
    </div>
  );
}
