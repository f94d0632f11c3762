import { Component, type ErrorInfo, type ReactNode } from 'react';

type Props = { fallback: (error: Error) => ReactNode; children: ReactNode; resetKey?: unknown };
type State = { error: Error | null; resetKey: unknown };

/** Contains a render failure (e.g. a schema the form library cannot handle) to the part that failed. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: undefined };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('A part of the UI failed to render', error, info.componentStack);
  }

  render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}
