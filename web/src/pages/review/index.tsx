export function Component() {
  return (
    <div className="page">
      <h1>Review</h1>
    </div>
  );
}
