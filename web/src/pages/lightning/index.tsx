export function Component() {
  return (
    <div className="page">
      <h1>Lightning</h1>
    </div>
  );
}
