import { createAdmin, isAdminRole, listAdmins, revokeAdmin } from '../../domain/admins';
import { args, argsBetween, type Command, UsageError, unwrap } from '../command';

/** Admin tokens: issued and revoked on the database itself (never over the API). */
export const ADMIN_COMMANDS: Command[] = [
  {
    words: ['admin', 'add'],
    usage: 'admin add <name> [operator|window]',
    help: '管理者トークンを発行 (window: 窓口職員、本登録のみ) / issue an admin token (window: finalise only)',
    async run({ db }, rest) {
      const [name = '', role = 'operator'] = argsBetween(rest, 1, 2);
      if (!isAdminRole(role)) throw new UsageError();
      const { admin, token } = await createAdmin(db(), name, role);
      return {
        text: `管理者トークン (${role === 'window' ? '窓口職員: 本登録のみ / window staff: finalise only' : '運用者 / operator'}、一度だけ表示 / shown once): ${token}`,
        json: { id: admin.id, name: admin.name, role: admin.role, token },
      };
    },
  },
  {
    words: ['admin', 'list'],
    usage: 'admin list',
    help: '管理者一覧 / list administrators',
    async run({ db }, rest) {
      args(rest, 0);
      const admins = await listAdmins(db());
      return {
        text: admins
          .map((a) => `${a.id}  ${a.role.padEnd(8)}  ${a.state.padEnd(7)}  ${a.name}`)
          .join('\n'),
        json: admins,
      };
    },
  },
  {
    words: ['admin', 'revoke'],
    usage: 'admin revoke <adminId>',
    help: '管理者トークンを無効にする / revoke an admin token (at once)',
    async run({ db }, rest) {
      const [adminId = ''] = args(rest, 1);
      unwrap(await revokeAdmin(db(), adminId));
      return {
        text: `管理者トークンを無効にしました / admin token revoked: ${adminId}`,
        json: { id: adminId, state: 'revoked' },
      };
    },
  },
];
