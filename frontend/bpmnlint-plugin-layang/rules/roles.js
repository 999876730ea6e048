// The role codes a lane may be named after. The page passes the server's list in globalThis.LAYANG_ROLES.
const DEFAULT_ROLES = [ 'operator_desa', 'kades', 'sekdes', 'operator_kecamatan', 'camat' ];

module.exports = function taskRoles() {
  const roles = typeof globalThis !== 'undefined' && globalThis.LAYANG_ROLES;
  return Array.isArray(roles) && roles.length ? roles : DEFAULT_ROLES;
};
