import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerNotificationEntry } from '../bindings/ipc';
import { NotificationBadge } from '../components/NotificationBadge';
import { addNotifications, clearNotifications } from '../lib/appState';
import { NotificationsTab } from './NotificationsTab';

const SERVER = 'notif-server';

function entry(kind: ServerNotificationEntry['notificationKind'], params: unknown, level: string | null = null): ServerNotificationEntry {
  return { notificationKind: kind, level, params, at: Date.now(), repeats: 1 };
}

function rows() {
  return screen.getAllByTestId('notification-row');
}

describe('NotificationsTab', () => {
  beforeEach(() => clearNotifications(SERVER));

  it('names kinds in words and shows no "null" for a notification without params', () => {
    addNotifications(SERVER, [entry('resources_changed', null), entry('tools_changed', {}), entry('resource_updated', { uri: 'file:///a.txt' })], 0);
    render(<NotificationsTab serverId={SERVER} />);
    const list = screen.getByTestId('notifications-list');
    expect(within(list).getByText('Resources changed')).toBeInTheDocument();
    expect(within(list).getByText('Tools changed')).toBeInTheDocument();
    expect(within(list).getByText('file:///a.txt')).toBeInTheDocument();
    expect(screen.queryByText(/resources_changed|tools_changed/)).toBeNull();
    expect(screen.getByTestId('notifications-list')).not.toHaveTextContent('null');
  });

  it("groups a call's progress into one row that updates in place, counted once on the badge", () => {
    addNotifications(SERVER, [entry('log', { level: 'info', data: 'first' }, 'info')], 0);
    const progress = Array.from({ length: 40 }, (_, i) => entry('progress', { progressToken: 'call-1', progress: i + 1, total: 40 }));
    addNotifications(SERVER, progress.slice(0, 10), 0);
    addNotifications(SERVER, [...progress.slice(10), entry('progress', { progressToken: 'call-2', progress: 1 })], 0);
    render(
      <>
        <NotificationBadge serverId={SERVER} />
        <NotificationsTab serverId={SERVER} />
      </>,
    );
    expect(rows()).toHaveLength(3);
    const call1 = rows().find((r) => r.textContent?.includes('40 / 40'));
    expect(call1).toBeDefined();
    expect(within(call1 as HTMLElement).getByText('40 updates')).toBeInTheDocument();
    expect(screen.getByTestId('notification-count')).toHaveTextContent('3');
  });

  it('filters by kind and by level', async () => {
    const user = userEvent.setup();
    addNotifications(
      SERVER,
      [
        entry('log', { level: 'debug', data: 'chatty' }, 'debug'),
        entry('log', { level: 'warning', data: 'careful' }, 'warning'),
        entry('log', { level: 'error', data: 'broken' }, 'error'),
        entry('tools_changed', null),
      ],
      0,
    );
    render(<NotificationsTab serverId={SERVER} />);
    expect(rows()).toHaveLength(4);
    await user.selectOptions(screen.getByTestId('notifications-kind'), 'tools_changed');
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveAttribute('data-kind', 'tools_changed');
    await user.selectOptions(screen.getByTestId('notifications-kind'), 'all');
    await user.selectOptions(screen.getByTestId('notifications-level'), 'warning');
    expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining('broken'), expect.stringContaining('careful')]);
    expect(screen.getByTestId('notifications-count')).toHaveTextContent('2 of 4 notifications');
  });

  it('holds the list still while the pointer is over it, with the new ones behind "N new"', () => {
    addNotifications(SERVER, [entry('log', { data: 'one' }, 'info'), entry('log', { data: 'two' }, 'info')], 0);
    render(<NotificationsTab serverId={SERVER} />);
    const list = screen.getByTestId('notifications-list');
    fireEvent.pointerEnter(list);
    const before = rows().map((r) => r.textContent);
    act(() => addNotifications(SERVER, [entry('log', { data: 'three' }, 'info'), entry('log', { data: 'four' }, 'info')], 0));
    expect(rows().map((r) => r.textContent)).toEqual(before);
    const more = screen.getByTestId('notifications-new');
    expect(more).toHaveTextContent('2 new');
    fireEvent.click(more);
    expect(rows()).toHaveLength(4);
    expect(rows()[0]).toHaveTextContent('four');
    expect(screen.queryByTestId('notifications-new')).toBeNull();
    act(() => addNotifications(SERVER, [entry('log', { data: 'five' }, 'info')], 0));
    expect(rows()).toHaveLength(4);
    fireEvent.pointerLeave(list);
    expect(rows()).toHaveLength(5);
    expect(rows()[0]).toHaveTextContent('five');
  });
});
