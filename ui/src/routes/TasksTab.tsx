import { useState } from 'react';
import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { Skeleton } from '../components/Spinner';
import { TaskRow } from '../components/TaskRow';
import { ToolForm } from '../components/ToolForm';
import { useTasks } from '../hooks/useTasks';
import { useTaskStart } from '../hooks/useTaskStart';
import { useToolDetail } from '../hooks/useToolDetail';
import { useTools } from '../hooks/useTools';
import './tasks.css';

/**
 * Tool calls run as tasks: start one, and follow every task of this server. The core follows the tasks, so they go on
 * (and keep their state) when this view is closed.
 */
export function TasksTab({ serverId }: { serverId: string }) {
  const tools = useTools(serverId, true);
  const tasks = useTasks(serverId);
  const start = useTaskStart(serverId);
  const [toolName, setToolName] = useState('');
  // The first tool of the chosen name, whole (the list has no schemas).
  const tool = useToolDetail(serverId, toolName === '' ? null : toolName);
  return (
    <div className="tasks-tab stack">
      <section aria-label="Tasks" className="stack">
        <h2>Tasks</h2>
        {tasks.isPending && <Skeleton lines={2} />}
        {tasks.data?.length === 0 && <p className="muted">No tasks yet on this server.</p>}
        <ul className="task-list" data-testid="task-list">
          {tasks.data?.map((task) => (
            <TaskRow key={task.taskId} task={task} />
          ))}
        </ul>
      </section>
      <section className="card stack" aria-label="Run a tool as a task">
        <h2>Run a tool as a task</h2>
        <p className="muted">
          The server answers at once with a task, works on it in the background, and Gatehouse follows it: status,
          progress and result appear below, and you can cancel it. A server that does not run a tool as a task says so.
        </p>
        <div className="field">
          <label htmlFor="task-tool">Tool</label>
          <select id="task-tool" data-testid="task-tool" value={toolName} onChange={(e) => setToolName(e.target.value)}>
            <option value="">Choose a tool…</option>
            {tools.data?.map((t) => (
              <option key={t.name} value={t.name}>
                {t.title ?? t.name}
              </option>
            ))}
          </select>
        </div>
        {toolName !== '' && tool.isPending && <Skeleton lines={3} />}
        {toolName !== '' && tool.error && <SessionErrorNotice serverId={serverId} error={tool.error} />}
        {toolName !== '' && tool.data && (
          <ToolForm
            key={toolName}
            inputSchema={tool.data.inputSchema}
            running={start.isPending}
            onCall={(args) => start.mutate({ name: toolName, arguments: args })}
            onCancel={() => undefined}
          />
        )}
        {start.error && <SessionErrorNotice serverId={serverId} error={start.error} />}
      </section>
    </div>
  );
}
