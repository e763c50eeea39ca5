import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * Last line of defence, outside every provider, so it cannot rely on the
 * theme or the dictionary: plain bilingual text and a reload link.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" style={{ padding: 32, textAlign: 'center', fontFamily: 'sans-serif' }}>
        <h1 style={{ fontSize: 20 }}>页面出错了 · Something went wrong</h1>
        <p>请刷新页面重试。Please reload the page.</p>
        <button type="button" onClick={() => window.location.reload()} style={{ padding: '8px 20px', fontSize: 16 }}>
          刷新 · Reload
        </button>
      </div>
    );
  }
}
