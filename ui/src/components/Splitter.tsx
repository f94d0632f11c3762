import { useRef } from 'react';
import './Splitter.css';

type Props = {
  /** `horizontal`: a bar between stacked panes that sets a height; `vertical`: between columns, sets a width. */
  orientation: 'horizontal' | 'vertical';
  label: string;
  value: number;
  min: number;
  max: number;
  /** Units of `value` per pixel dragged (1 for pixels; e.g. `() => 100 / width` for a percentage), read at drag start. */
  scale?: number | (() => number);
  /** How much an arrow key moves it. */
  step?: number;
  onChange: (value: number) => void;
  /** Called once a drag or key press ends, to remember the size. */
  onCommit?: (value: number) => void;
  testId?: string;
};

/** A bar that resizes the panes beside it: drag it, or focus it and use the arrow keys (WAI-ARIA window splitter). */
export function Splitter({ orientation, label, value, min, max, scale = 1, step = 16, onChange, onCommit, testId }: Props) {
  const drag = useRef<{ start: number; from: number; last: number; factor: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.max(min, Math.min(max, v)));
  const position = (e: React.PointerEvent) => (orientation === 'horizontal' ? e.clientY : e.clientX);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { start: position(e), from: value, last: value, factor: typeof scale === 'function' ? scale() : scale };
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    d.last = clamp(d.from + (position(e) - d.start) * d.factor);
    onChange(d.last);
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d) onCommit?.(d.last);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const less = orientation === 'horizontal' ? 'ArrowUp' : 'ArrowLeft';
    const more = orientation === 'horizontal' ? 'ArrowDown' : 'ArrowRight';
    let next: number;
    if (e.key === less) next = clamp(value - step);
    else if (e.key === more) next = clamp(value + step);
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    else return;
    e.preventDefault();
    onChange(next);
    onCommit?.(next);
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      data-testid={testId}
      className={`splitter splitter-${orientation}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
