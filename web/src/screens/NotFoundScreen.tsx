import { Link } from 'react-router';

export function NotFoundScreen({ what = 'Page' }: { what?: string }) {
  return (
    <div className="not-found" data-testid="not-found">
      <h1>{what} not found</h1>
      <p>It does not exist, or you do not have access to it.</p>
      <p>
        <Link to="/trips">Back to your trips</Link>
      </p>
    </div>
  );
}
