/*
 * test_users: the pure rules of mgmt/users.c -- user names, texts,
 * password lengths and strong passwords, the policy, role lists, PBKDF2
 * hashes (against RFC 7914's vector) and their verification, random
 * passwords, OpenSSH public key lines.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/users.h"

#define ED25519_BLOB "AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"

static const struct user_policy default_policy = {.min_password_length = 8};
static const struct user_policy strong_policy = {.min_password_length = 8,
                                                 .strong_passwords = true};

static void test_names(void **state)
{
    char error[160] = "";
    (void)state;
    assert_int_equal(users_name_check("Administrator", error, sizeof(error)), 0);
    assert_int_equal(users_name_check("bill", error, sizeof(error)), 0);
    assert_int_equal(users_name_check("a.b-c_d9", error, sizeof(error)), 0);
    assert_int_equal(users_name_check("abcdefghijklmnopqrstuvwxyz01234", NULL, 0), 0); /* 31 */
    assert_int_equal(users_name_check("abcdefghijklmnopqrstuvwxyz012345", error, sizeof(error)),
                     -EINVAL); /* 32 */
    assert_non_null(strstr(error, "at most 31"));
    assert_int_equal(users_name_check("", error, sizeof(error)), -EINVAL);
    assert_int_equal(users_name_check(NULL, error, sizeof(error)), -EINVAL);
    assert_int_equal(users_name_check("1abc", error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "start with a letter"));
    assert_int_equal(users_name_check("bad name", error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "character 4"));
    assert_int_equal(users_name_check("caf\xc3\xa9", error, sizeof(error)), -EINVAL);
}

static void test_texts(void **state)
{
    char error[160] = "", long_text[80];
    (void)state;
    assert_int_equal(users_text_check("full_name", "Bill J", error, sizeof(error)), 0);
    assert_int_equal(users_text_check("full_name", "", error, sizeof(error)), 0);
    memset(long_text, 'x', 64);
    long_text[64] = '\0';
    assert_int_equal(users_text_check("full_name", long_text, error, sizeof(error)), -EINVAL);
    long_text[63] = '\0';
    assert_int_equal(users_text_check("full_name", long_text, error, sizeof(error)), 0);
    assert_int_equal(users_text_check("contact_info", "a\nb", error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "contact_info"));
}

static void test_password_lengths(void **state)
{
    char error[160] = "", pw[48];
    struct user_policy three = {.min_password_length = 3};
    (void)state;
    assert_int_equal(users_password_check("1234567", "bill", &default_policy, error, sizeof(error)),
                     -EINVAL);
    assert_non_null(strstr(error, "8-40"));
    assert_int_equal(
        users_password_check("12345678", "bill", &default_policy, error, sizeof(error)), 0);
    memset(pw, 'a', 40);
    pw[40] = '\0';
    assert_int_equal(users_password_check(pw, "bill", &default_policy, error, sizeof(error)), 0);
    pw[40] = 'a', pw[41] = '\0';
    assert_int_equal(users_password_check(pw, "bill", &default_policy, error, sizeof(error)),
                     -EINVAL);
    assert_int_equal(users_password_check("abc", "bill", &three, error, sizeof(error)), 0);
    assert_int_equal(users_password_check("ab", "bill", &three, error, sizeof(error)), -EINVAL);
    assert_int_equal(users_password_check("", "bill", &three, error, sizeof(error)), -EINVAL);
    assert_int_equal(
        users_password_check("abc\tdefgh", "bill", &default_policy, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "printable"));
}

static void test_strong_passwords(void **state)
{
    char error[160] = "";
    (void)state;
    /* two classes only */
    assert_int_equal(
        users_password_check("password1", "bill", &strong_policy, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "three of"));
    assert_int_equal(
        users_password_check("PASSWORDS", "bill", &strong_policy, error, sizeof(error)), -EINVAL);
    /* three classes, four classes */
    assert_int_equal(
        users_password_check("Passw0rds", "bill", &strong_policy, error, sizeof(error)), 0);
    assert_int_equal(
        users_password_check("pass-w0rd", "bill", &strong_policy, error, sizeof(error)), 0);
    assert_int_equal(
        users_password_check("P4ss-w0rd!", "bill", &strong_policy, error, sizeof(error)), 0);
    /* not the user's name, in any case */
    assert_int_equal(
        users_password_check("xBILL-42x", "bill", &strong_policy, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "user name"));
    /* without the option, anything long enough */
    assert_int_equal(
        users_password_check("xbill-42x", "bill", &default_policy, error, sizeof(error)), 0);
}

static void test_policy(void **state)
{
    char error[160] = "";
    (void)state;
    struct user_policy p = {.min_password_length = 2};
    assert_int_equal(users_policy_check(&p, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "3-40"));
    p.min_password_length = 3;
    assert_int_equal(users_policy_check(&p, error, sizeof(error)), 0);
    p.min_password_length = 40;
    assert_int_equal(users_policy_check(&p, error, sizeof(error)), 0);
    p.min_password_length = 41;
    assert_int_equal(users_policy_check(&p, error, sizeof(error)), -EINVAL);
}

static void test_roles(void **state)
{
    char error[160] = "";
    unsigned mask = 99;
    (void)state;
    assert_int_equal(users_roles_parse("domain,network", &mask, error, sizeof(error)), 0);
    assert_int_equal(mask, (1u << METHOD_ROLE_DOMAIN) | (1u << METHOD_ROLE_NETWORK));
    assert_int_equal(users_roles_parse(" Server , STORAGE", &mask, error, sizeof(error)), 0);
    assert_int_equal(mask, (1u << METHOD_ROLE_SERVER) | (1u << METHOD_ROLE_STORAGE));
    assert_int_equal(
        users_roles_parse("domain,network,server,storage,domain", &mask, error, sizeof(error)), 0);
    assert_int_equal(mask, USERS_ALL_ROLES);
    assert_int_equal(users_roles_parse("", &mask, error, sizeof(error)), 0);
    assert_int_equal(mask, 0);
    mask = 7;
    assert_int_equal(users_roles_parse("domain,admin", &mask, error, sizeof(error)), -EINVAL);
    assert_int_equal(mask, 7); /* unchanged */
    assert_non_null(strstr(error, "\"admin\""));
    assert_non_null(strstr(error, "domain, network, server or storage"));
    assert_int_equal(users_roles_parse("domain,,server", &mask, error, sizeof(error)), -EINVAL);
    assert_string_equal(users_role_name(METHOD_ROLE_STORAGE), "storage");
    assert_null(users_role_name(METHOD_ROLE_NONE));
    assert_null(users_role_name(METHOD_ROLE_COUNT));
}

/* RFC 7914, section 11: PBKDF2-HMAC-SHA256 ("passwd", "salt", c = 1). */
static void test_hash_vector(void **state)
{
    char hash[USERS_HASH_MAX];
    (void)state;
    assert_int_equal(
        users_password_hash("passwd", (const unsigned char *)"salt", 4, 1, hash, sizeof(hash)), 0);
    assert_string_equal(hash,
                        "pbkdf2-sha256$1$c2FsdA==$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=");
    assert_true(users_password_verify("passwd", hash));
    assert_false(users_password_verify("passwe", hash));
    assert_false(users_password_verify("", hash));
    assert_int_equal(users_password_hash("x", (const unsigned char *)"s", 1, 0, hash, sizeof(hash)),
                     -EINVAL);
    assert_int_equal(users_password_hash("x", (const unsigned char *)"s", 1, 1, hash, 20), -EINVAL);
}

static void test_hash_verify(void **state)
{
    char a[USERS_HASH_MAX], b[USERS_HASH_MAX], bad[USERS_HASH_MAX];
    (void)state;
    assert_int_equal(users_password_make("Secret-123", 1000, a, sizeof(a)), 0);
    assert_int_equal(users_password_make("Secret-123", 1000, b, sizeof(b)), 0);
    assert_string_not_equal(a, b); /* salted */
    assert_non_null(strstr(a, "pbkdf2-sha256$1000$"));
    assert_true(users_password_verify("Secret-123", a));
    assert_true(users_password_verify("Secret-123", b));
    assert_false(users_password_verify("secret-123", a));
    assert_false(users_password_verify("Secret-1234", a));
    /* a changed hash, iteration count or salt no longer verifies */
    snprintf(bad, sizeof(bad), "%s", a);
    bad[strlen(bad) - 2] = bad[strlen(bad) - 2] == 'A' ? 'B' : 'A';
    assert_false(users_password_verify("Secret-123", bad));
    snprintf(bad, sizeof(bad), "pbkdf2-sha256$1001$%s", a + strlen("pbkdf2-sha256$1000$"));
    assert_false(users_password_verify("Secret-123", bad));
    /* malformed */
    assert_false(users_password_verify("Secret-123", ""));
    assert_false(users_password_verify("Secret-123", "pbkdf2-sha256$"));
    assert_false(users_password_verify("Secret-123", "pbkdf2-sha256$x$AAAA$AAAA"));
    assert_false(users_password_verify("Secret-123", "pbkdf2-sha256$10$$AAAA"));
    assert_false(users_password_verify("Secret-123", "pbkdf2-sha256$10$A!AA$AAAA"));
    assert_false(users_password_verify("Secret-123", "md5$10$AAAA$AAAA"));
    assert_false(users_password_verify("Secret-123", NULL));
    /* the default cost */
    assert_int_equal(users_password_make("Secret-123", 0, a, sizeof(a)), 0);
    assert_non_null(strstr(a, "$100000$"));
}

static void test_random_password(void **state)
{
    char a[USERS_PASSWORD_MAX + 1], b[USERS_PASSWORD_MAX + 1], error[160];
    (void)state;
    assert_int_equal(users_password_random(a, 16), 0);
    assert_int_equal(users_password_random(b, 16), 0);
    assert_int_equal(strlen(a), 16);
    assert_string_not_equal(a, b);
    assert_int_equal(users_password_check(a, "Administrator", &strong_policy, error, sizeof(error)),
                     0);
    assert_int_equal(users_password_random(a, 7), -EINVAL);
    assert_int_equal(users_password_random(a, 41), -EINVAL);
}

static void test_keys(void **state)
{
    char out[USERS_KEY_MAX], error[160] = "";
    (void)state;
    assert_int_equal(users_key_parse("ssh-ed25519 " ED25519_BLOB " bill@laptop", out, sizeof(out),
                                     error, sizeof(error)),
                     0);
    assert_string_equal(out, "ssh-ed25519 " ED25519_BLOB);
    assert_int_equal(users_key_parse("  ssh-ed25519\t" ED25519_BLOB "\n", out, sizeof(out), error,
                                     sizeof(error)),
                     0);
    assert_string_equal(out, "ssh-ed25519 " ED25519_BLOB);
    /* the type named is not the blob's */
    assert_int_equal(
        users_key_parse("ssh-rsa " ED25519_BLOB, out, sizeof(out), error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "not a ssh-rsa key"));
    assert_int_equal(
        users_key_parse("ssh-dss " ED25519_BLOB, out, sizeof(out), error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "ssh-dss"));
    assert_int_equal(
        users_key_parse("ssh-ed25519 AAAA!AAA", out, sizeof(out), error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "base64"));
    assert_int_equal(users_key_parse("ssh-ed25519", out, sizeof(out), error, sizeof(error)),
                     -EINVAL);
    assert_int_equal(users_key_parse("", out, sizeof(out), error, sizeof(error)), -EINVAL);
    assert_int_equal(users_key_parse("ssh-ed25519 " ED25519_BLOB, out, 20, error, sizeof(error)),
                     -E2BIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_password_lengths),
        cmocka_unit_test(test_strong_passwords),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_hash_vector),
        cmocka_unit_test(test_hash_verify),
        cmocka_unit_test(test_random_password),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
