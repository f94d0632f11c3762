import type { TaskInfo } from '../bindings/ipc';
import { useProgress } from '../hooks/useProgress';
import { useTaskCancel } from '../hooks/useTaskCancel';
import { isFinal } from '../lib/tasks';
import { ContentBlockView } from './ContentBlockView';
import { ErrorNotice } from './ErrorNotice';

const STATE_LABEL: Record<TaskInfo['state'], string> = {
  working: 'Working',
  input_required: 'Waiting for input',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** One task: its state, the server's status message, progress while it runs, its result, and cancel. */
export function TaskRow({ task }: { task: TaskInfo }) {
  const progress = useProgress(isFinal(task) ? null : task.callId);
  const cancel = useTaskCancel(task.serverId);
  return (
    <li className={`card task task-${task.state}`} data-testid="task" data-task-state={task.state}>
      <div className="task-head">
        {task.tool ? (
          <strong className="mono">{task.tool}</strong>
        ) : (
          // Listed by the server (tasks/list) but not started here: the list does not say which tool it runs.
          <strong title="The server lists this task; it was started elsewhere or before Gatehouse reconnected">
            Started elsewhere
          </strong>
        )}
        <span className="badge" data-testid="task-state">
          {STATE_LABEL[task.state]}
        </span>
        <span className="muted mono" title="Task id">
          {task.taskId}
        </span>
        {!isFinal(task) && (
          <button
            type="button"
            className="btn"
            data-testid="task-cancel"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(task.taskId)}
          >
            Cancel
          </button>
        )}
      </div>
      {task.statusMessage && <p className="muted" data-testid="task-status-message">{task.statusMessage}</p>}
      {progress &&
        (progress.total ? (
          <progress value={progress.progress} max={progress.total} aria-label="Task progress" data-testid="task-progress" />
        ) : (
          <span className="muted">{progress.progress}</span>
        ))}
      {task.error && <ErrorNotice error={{ code: 'server', message: task.error, fix: null }} />}
      {task.result && (
        <div className={task.resultIsError ? 'task-result is-error' : 'task-result'} data-testid="task-result">
          {task.result.map((block, i) => (
            // Blocks have no identity of their own; the order is the result's.
            <ContentBlockView key={i} block={block} />
          ))}
        </div>
      )}
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </li>
  );
}
