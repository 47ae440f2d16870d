/* Debian's libpq.a is built with Kerberos (GSSAPI) and LDAP support, and Debian ships neither
 * libgssapi_krb5 nor libldap as static archives. Linking them dynamically would tie the release
 * binary to one distribution's Kerberos and OpenLDAP sonames (libldap-2.5.so.0 exists on
 * Debian 12, not on Debian 11), so the release binary has no Kerberos or LDAP: these
 * definitions stand in for the functions libpq calls, and each one fails.
 *
 * What that means at run time, for libpq 15:
 * - gssencmode=prefer (the default) first asks gss_acquire_cred for a credential cache; it
 *   fails, so libpq goes on without GSSAPI encryption, as it does when there is no ticket.
 * - A server that demands `gss` authentication gets the connection error
 *   "GSSAPI name import error: Kerberos (GSSAPI) is not supported by sleet's release binary".
 * - An `ldap://` line in pg_service.conf fails with libpq's "could not create LDAP structure".
 * Only the release link (cmake/SleetRelease.cmake) compiles this file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t OM_uint32;
typedef struct {
  size_t length;
  void* value;
} sleet_gss_buffer;

enum { SLEET_GSS_S_FAILURE = 13u << 16, SLEET_GSS_C_GSS_CODE = 1, SLEET_LDAP_ERROR = -1 };

/* gss_OID constant libpq passes to gss_import_name. */
void* GSS_C_NT_HOSTBASED_SERVICE = NULL;

static OM_uint32 fail(OM_uint32* minor_status) {
  if (minor_status != NULL) *minor_status = 0;
  return SLEET_GSS_S_FAILURE;
}

OM_uint32 gss_acquire_cred(OM_uint32* minor_status, void* name, OM_uint32 time_req, void* mechs,
                           int usage, void** cred, void** actual_mechs, OM_uint32* time_rec) {
  (void)name, (void)time_req, (void)mechs, (void)usage, (void)actual_mechs, (void)time_rec;
  if (cred != NULL) *cred = NULL;
  return fail(minor_status);
}

OM_uint32 gss_import_name(OM_uint32* minor_status, void* input_name, void* name_type,
                          void** output_name) {
  (void)input_name, (void)name_type;
  if (output_name != NULL) *output_name = NULL;
  return fail(minor_status);
}

OM_uint32 gss_init_sec_context(OM_uint32* minor_status, void* cred, void** context, void* target,
                               void* mech, OM_uint32 flags, OM_uint32 time_req, void* bindings,
                               void* input, void** actual_mech, sleet_gss_buffer* output,
                               OM_uint32* ret_flags, OM_uint32* time_rec) {
  (void)cred, (void)context, (void)target, (void)mech, (void)flags, (void)time_req;
  (void)bindings, (void)input, (void)actual_mech, (void)ret_flags, (void)time_rec;
  if (output != NULL) output->length = 0, output->value = NULL;
  return fail(minor_status);
}

/* The one message libpq prints after a failed GSSAPI call (it asks for the GSS code, then the
 * mechanism code: only the first gets a text). */
OM_uint32 gss_display_status(OM_uint32* minor_status, OM_uint32 status, int status_type, void* mech,
                             OM_uint32* message_context, sleet_gss_buffer* text) {
  static const char message[] = "Kerberos (GSSAPI) is not supported by sleet's release binary";
  (void)status, (void)mech;
  if (message_context != NULL) *message_context = 0;
  if (status_type != SLEET_GSS_C_GSS_CODE || text == NULL) return fail(minor_status);
  text->value = malloc(sizeof message);
  if (text->value == NULL) return fail(minor_status);
  memcpy(text->value, message, sizeof message);
  text->length = sizeof message - 1;
  if (minor_status != NULL) *minor_status = 0;
  return 0;
}

OM_uint32 gss_release_buffer(OM_uint32* minor_status, sleet_gss_buffer* buffer) {
  if (buffer != NULL) {
    free(buffer->value);
    buffer->value = NULL;
    buffer->length = 0;
  }
  if (minor_status != NULL) *minor_status = 0;
  return 0;
}

OM_uint32 gss_release_cred(OM_uint32* minor_status, void** cred) {
  if (cred != NULL) *cred = NULL;
  if (minor_status != NULL) *minor_status = 0;
  return 0;
}

OM_uint32 gss_release_name(OM_uint32* minor_status, void** name) {
  if (name != NULL) *name = NULL;
  if (minor_status != NULL) *minor_status = 0;
  return 0;
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor_status, void** context, void* output) {
  (void)output;
  if (context != NULL) *context = NULL;
  if (minor_status != NULL) *minor_status = 0;
  return 0;
}

/* Reached only on a GSSAPI-encrypted connection, which can never be set up here. */
OM_uint32 gss_wrap(OM_uint32* minor_status, void* context, int conf_req, OM_uint32 qop, void* input,
                   int* conf_state, sleet_gss_buffer* output) {
  (void)context, (void)conf_req, (void)qop, (void)input, (void)conf_state;
  if (output != NULL) output->length = 0, output->value = NULL;
  return fail(minor_status);
}

OM_uint32 gss_unwrap(OM_uint32* minor_status, void* context, void* input, sleet_gss_buffer* output,
                     int* conf_state, OM_uint32* qop) {
  (void)context, (void)input, (void)conf_state, (void)qop;
  if (output != NULL) output->length = 0, output->value = NULL;
  return fail(minor_status);
}

OM_uint32 gss_wrap_size_limit(OM_uint32* minor_status, void* context, int conf_req, OM_uint32 qop,
                              OM_uint32 size, OM_uint32* max_input) {
  (void)context, (void)conf_req, (void)qop, (void)size;
  if (max_input != NULL) *max_input = 0;
  return fail(minor_status);
}

/* LDAP: libpq calls ldap_init first and gives up when it returns no handle. */
void* ldap_init(const char* host, int port) {
  (void)host, (void)port;
  return NULL;
}

char* ldap_err2string(int error) {
  (void)error;
  return (char*)"LDAP is not supported by sleet's release binary";
}

int ldap_set_option(void* ld, int option, const void* value) {
  (void)ld, (void)option, (void)value;
  return SLEET_LDAP_ERROR;
}

int ldap_simple_bind(void* ld, const char* who, const char* password) {
  (void)ld, (void)who, (void)password;
  return SLEET_LDAP_ERROR;
}

int ldap_search_st(void* ld, const char* base, int scope, const char* filter, char** attrs,
                   int attrsonly, void* timeout, void** result) {
  (void)ld, (void)base, (void)scope, (void)filter, (void)attrs, (void)attrsonly, (void)timeout;
  if (result != NULL) *result = NULL;
  return SLEET_LDAP_ERROR;
}

int ldap_result(void* ld, int msgid, int all, void* timeout, void** result) {
  (void)ld, (void)msgid, (void)all, (void)timeout;
  if (result != NULL) *result = NULL;
  return SLEET_LDAP_ERROR;
}

int ldap_count_entries(void* ld, void* chain) {
  (void)ld, (void)chain;
  return SLEET_LDAP_ERROR;
}

void* ldap_first_entry(void* ld, void* chain) {
  (void)ld, (void)chain;
  return NULL;
}

void** ldap_get_values_len(void* ld, void* entry, const char* attr) {
  (void)ld, (void)entry, (void)attr;
  return NULL;
}

void ldap_value_free_len(void** values) {
  (void)values;
}

int ldap_msgfree(void* message) {
  (void)message;
  return 0;
}

int ldap_unbind(void* ld) {
  (void)ld;
  return 0;
}
