/*
 * users: the pure rules of local users -- name, text and password checks,
 * role lists, PBKDF2 password hashes, OpenSSH public key lines (users.h).
 * No I/O apart from OpenSSL's random bytes; nothing printed.
 */
#include "mgmt/users.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define HASH_SCHEME    "pbkdf2-sha256"
#define HASH_BYTES     32
#define SALT_BYTES     16
#define SALT_BYTES_MAX 64
#define B64_SIZE(n)    (4 * (((n) + 2) / 3) + 1)

int users_error(char *error, size_t error_size, int code, const char *fmt, ...)
{
    if (error && error_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(error, error_size, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ------------------------------------------------------------- checks */

int users_name_check(const char *name, char *error, size_t error_size)
{
    size_t len = name ? strlen(name) : 0;

    if (len == 0)
        return users_error(error, error_size, -EINVAL, "a user name is needed (1-%d characters)",
                           USERS_NAME_MAX - 1);
    if (len >= USERS_NAME_MAX)
        return users_error(error, error_size, -EINVAL,
                           "user name is %zu characters long (at most %d)", len,
                           USERS_NAME_MAX - 1);
    if (!isalpha((unsigned char)name[0]))
        return users_error(error, error_size, -EINVAL, "user name \"%s\" must start with a letter",
                           name);
    for (size_t i = 1; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && c != '.' && c != '-' && c != '_')
            return users_error(
                error, error_size, -EINVAL,
                "user name \"%s\": character %zu is not a letter, digit, '.', '-' or '_'", name,
                i + 1);
    }
    return 0;
}

int users_text_check(const char *what, const char *text, char *error, size_t error_size)
{
    size_t len = strlen(text);

    if (len >= USERS_TEXT_MAX)
        return users_error(error, error_size, -EINVAL, "%s is %zu characters long (at most %d)",
                           what, len, USERS_TEXT_MAX - 1);
    for (size_t i = 0; i < len; i++)
        if (text[i] < 0x20 || text[i] > 0x7e)
            return users_error(error, error_size, -EINVAL,
                               "%s: character %zu is not printable ASCII", what, i + 1);
    return 0;
}

int users_policy_check(const struct user_policy *policy, char *error, size_t error_size)
{
    if (policy->min_password_length < USERS_PASSWORD_MIN ||
        policy->min_password_length > USERS_PASSWORD_MAX)
        return users_error(error, error_size, -EINVAL, "minimum password length %u is not %d-%d",
                           policy->min_password_length, USERS_PASSWORD_MIN, USERS_PASSWORD_MAX);
    return 0;
}

/* contains_nocase: `haystack` contains `needle` (non-empty), any case. */
static bool contains_nocase(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return false;
    for (; *haystack; haystack++)
        if (strncasecmp(haystack, needle, n) == 0)
            return true;
    return false;
}

int users_password_check(const char *password, const char *name, const struct user_policy *policy,
                         char *error, size_t error_size)
{
    size_t len = password ? strlen(password) : 0;
    unsigned min = policy->min_password_length;
    bool upper = false, lower = false, digit = false, other = false;

    if (len < min || len > USERS_PASSWORD_MAX)
        return users_error(error, error_size, -EINVAL,
                           "a password is %u-%d characters long (this one %zu)", min,
                           USERS_PASSWORD_MAX, len);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)password[i];
        if (c < 0x20 || c > 0x7e)
            return users_error(error, error_size, -EINVAL,
                               "password: character %zu is not printable ASCII", i + 1);
        upper |= isupper(c) != 0, lower |= islower(c) != 0, digit |= isdigit(c) != 0;
        other |= !isalnum(c);
    }
    if (!policy->strong_passwords)
        return 0;
    if ((int)upper + (int)lower + (int)digit + (int)other < 3)
        return users_error(
            error, error_size, -EINVAL,
            "strong passwords are on: use three of upper case, lower case, digits and"
            " other characters");
    if (name && contains_nocase(password, name))
        return users_error(error, error_size, -EINVAL,
                           "strong passwords are on: the password must not contain the user name");
    return 0;
}

/* -------------------------------------------------------------- roles */

const char *users_role_name(enum method_role role)
{
    static const char *const names[METHOD_ROLE_COUNT] = {
        [METHOD_ROLE_DOMAIN] = "domain",
        [METHOD_ROLE_NETWORK] = "network",
        [METHOD_ROLE_SERVER] = "server",
        [METHOD_ROLE_STORAGE] = "storage",
    };
    return (unsigned)role < METHOD_ROLE_COUNT ? names[role] : NULL;
}

int users_roles_parse(const char *text, unsigned *mask, char *error, size_t error_size)
{
    unsigned m = 0;
    const char *p = text;

    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *word = p;
        while (len > 0 && isspace((unsigned char)*word))
            word++, len--;
        while (len > 0 && isspace((unsigned char)word[len - 1]))
            len--;
        int role = 0;
        for (int r = METHOD_ROLE_DOMAIN; r < METHOD_ROLE_COUNT && role == 0; r++) {
            const char *name = users_role_name((enum method_role)r);
            if (strlen(name) == len && strncasecmp(word, name, len) == 0)
                role = r;
        }
        if (role == 0)
            return users_error(error, error_size, -EINVAL,
                               "role \"%.*s\" is not domain, network, server or storage", (int)len,
                               word);
        m |= 1u << role;
        if (!end)
            break;
        p = end + 1;
    }
    *mask = m;
    return 0;
}

/* ----------------------------------------------------------- passwords */

/* b64_encode: n bytes as base64 text into out (B64_SIZE(n) bytes). */
static void b64_encode(const unsigned char *data, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, data, (int)n);
}

/* b64_decode: base64 `text` of `len` characters (a multiple of 4) into out
 * (max bytes); the decoded length, or -1. */
static int b64_decode(const char *text, size_t len, unsigned char *out, size_t max)
{
    if (len == 0 || len % 4 != 0 || len / 4 * 3 > max)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)text[i]) && text[i] != '+' && text[i] != '/' &&
            !(text[i] == '=' && i >= len - 2))
            return -1;
    int n = EVP_DecodeBlock(out, (const unsigned char *)text, (int)len);
    if (n < 0)
        return -1;
    if (text[len - 1] == '=')
        n--;
    if (text[len - 2] == '=')
        n--;
    return n;
}

int users_password_hash(const char *password, const unsigned char *salt, size_t salt_bytes,
                        unsigned iterations, char *out, size_t out_size)
{
    unsigned char key[HASH_BYTES];
    char salt_text[B64_SIZE(SALT_BYTES_MAX)], key_text[B64_SIZE(HASH_BYTES)];

    if (!password || !salt || salt_bytes == 0 || salt_bytes > SALT_BYTES_MAX || iterations == 0 ||
        iterations > 100000000)
        return -EINVAL;
    if (PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_bytes, (int)iterations,
                          EVP_sha256(), sizeof(key), key) != 1)
        return -ENOMEM;
    b64_encode(salt, salt_bytes, salt_text);
    b64_encode(key, sizeof(key), key_text);
    OPENSSL_cleanse(key, sizeof(key));
    int n = snprintf(out, out_size, HASH_SCHEME "$%u$%s$%s", iterations, salt_text, key_text);
    return n < 0 || (size_t)n >= out_size ? -EINVAL : 0;
}

int users_password_make(const char *password, unsigned iterations, char *out, size_t out_size)
{
    unsigned char salt[SALT_BYTES];

    if (RAND_bytes(salt, sizeof(salt)) != 1)
        return -EIO;
    return users_password_hash(password, salt, sizeof(salt),
                               iterations ? iterations : USERS_PBKDF2_ITERATIONS, out, out_size);
}

bool users_password_verify(const char *password, const char *hash)
{
    unsigned char salt[SALT_BYTES_MAX + 3];
    char again[USERS_HASH_MAX];
    const char *p = hash, *salt_end;
    char *end;

    if (!password || !hash || strncmp(p, HASH_SCHEME "$", sizeof(HASH_SCHEME)) != 0)
        return false;
    p += sizeof(HASH_SCHEME);
    if (!isdigit((unsigned char)*p))
        return false;
    unsigned long iterations = strtoul(p, &end, 10);
    if (*end != '$' || iterations == 0 || iterations > 100000000)
        return false;
    p = end + 1;
    salt_end = strchr(p, '$');
    if (!salt_end)
        return false;
    int n = b64_decode(p, (size_t)(salt_end - p), salt, sizeof(salt));
    if (n <= 0 || n > SALT_BYTES_MAX)
        return false;
    if (users_password_hash(password, salt, (size_t)n, (unsigned)iterations, again, sizeof(again)) <
        0)
        return false;
    size_t len = strlen(hash);
    bool same = strlen(again) == len && CRYPTO_memcmp(again, hash, len) == 0;
    OPENSSL_cleanse(again, sizeof(again));
    return same;
}

int users_password_random(char *out, size_t length)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    unsigned char bytes[USERS_PASSWORD_MAX];

    if (length < 8 || length > USERS_PASSWORD_MAX)
        return -EINVAL;
    for (;;) {
        bool upper = false, lower = false, digit = false;
        if (RAND_bytes(bytes, (int)length) != 1)
            return -EIO;
        for (size_t i = 0; i < length; i++) {
            /* 256 % 57 != 0: a small bias, irrelevant for a one-time password */
            char c = alphabet[bytes[i] % (sizeof(alphabet) - 1)];
            out[i] = c;
            upper |= isupper((unsigned char)c) != 0, lower |= islower((unsigned char)c) != 0;
            digit |= isdigit((unsigned char)c) != 0;
        }
        out[length] = '\0';
        if (upper && lower && digit)
            break;
    }
    OPENSSL_cleanse(bytes, sizeof(bytes));
    return 0;
}

/* ------------------------------------------------------------ SSH keys */

int users_key_parse(const char *line, char *out, size_t out_size, char *error, size_t error_size)
{
    static const char *const types[] = {"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
                                        "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"};
    const char *p = line, *type, *b64;
    size_t type_len, b64_len;
    unsigned char blob[USERS_KEY_MAX];

    while (*p == ' ' || *p == '\t')
        p++;
    type = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    type_len = (size_t)(p - type);
    while (*p == ' ' || *p == '\t')
        p++;
    b64 = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
    b64_len = (size_t)(p - b64);

    bool known = false;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]) && !known; i++)
        known = strlen(types[i]) == type_len && strncmp(type, types[i], type_len) == 0;
    if (!known)
        return users_error(error, error_size, -EINVAL,
                           "SSH key type \"%.*s\" is not ssh-ed25519, ssh-rsa or"
                           " ecdsa-sha2-nistp256/384/521",
                           (int)(type_len > 32 ? 32 : type_len), type);
    if (type_len + 1 + b64_len >= out_size || type_len + 1 + b64_len >= USERS_KEY_MAX)
        return users_error(error, error_size, -E2BIG, "SSH key is longer than %d characters",
                           USERS_KEY_MAX - 1);
    int n = b64_decode(b64, b64_len, blob, sizeof(blob));
    if (n < 0)
        return users_error(error, error_size, -EINVAL, "SSH key: the key data is not base64");
    if (n < 4 ||
        ((size_t)blob[0] << 24 | (size_t)blob[1] << 16 | (size_t)blob[2] << 8 | blob[3]) !=
            type_len ||
        (size_t)n < 4 + type_len || memcmp(blob + 4, type, type_len) != 0)
        return users_error(error, error_size, -EINVAL, "SSH key: the key data is not a %.*s key",
                           (int)type_len, type);
    snprintf(out, out_size, "%.*s %.*s", (int)type_len, type, (int)b64_len, b64);
    return 0;
}
