/* The C API (trellis/trellis.h) from C99: instances by name, eval, call with arguments, values of every type,
 * a host function with userdata, errors as values with kinds, the step budget with an interrupt callback, and
 * the EVM's built-in state. Prints "C API: all N checks passed" or the failed checks (exit status 1). */
#include <stdio.h>
#include <string.h>

#include "trellis/trellis.h"

static int checks = 0, failed = 0;
#define CHECK(cond)                                                              \
    do {                                                                         \
        ++checks;                                                                \
        if (!(cond)) {                                                           \
            ++failed;                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

static trellis_result* host_scale(trellis_instance* inst, void* userdata, const trellis_value* const* args, size_t argc) {
    int* calls = (int*)userdata;
    (void)inst;
    ++*calls;
    if (argc != 1 || trellis_type_of(args[0]) != TRELLIS_INT) return trellis_result_error("scale wants an integer");
    return trellis_result_of(trellis_int(trellis_get_int(args[0]) * 10));
}

static uint64_t grant(void* userdata, trellis_instance* inst, uint64_t used) {
    int* asked = (int*)userdata;
    (void)inst;
    (void)used;
    return ++*asked < 100 ? 5 : 0;
}

static void quiet(void* user, const char* text, size_t n, int is_error) {
    (void)user; (void)text; (void)n; (void)is_error;
}

static void test_zexus(void) {
    trellis_result* err = NULL;
    trellis_instance* zx = trellis_new("zexus", NULL, quiet, NULL, &err);
    CHECK(zx != NULL && err == NULL);
    if (!zx) return;
    CHECK(strcmp(trellis_language(zx), "zexus") == 0);

    const char* src = "action pair(a, b) { return [a, b, {\"sum\": a + b}] }";
    trellis_result* r = trellis_eval(zx, src, strlen(src), "prelude.zx");
    CHECK(trellis_ok(r));
    trellis_result_free(r);

    trellis_value* args[2] = {trellis_int(2), trellis_big("100000000000000000000")};
    r = trellis_call(zx, "pair", (const trellis_value* const*)args, 2);
    CHECK(trellis_ok(r));
    const trellis_value* v = trellis_result_value(r);
    CHECK(trellis_type_of(v) == TRELLIS_LIST && trellis_list_size(v) == 3);
    CHECK(trellis_get_int(trellis_list_get(v, 0)) == 2);
    const trellis_value* m = trellis_list_get(v, 2);
    trellis_value* key = trellis_string("sum", 3);
    const trellis_value* sum = trellis_map_get(m, key);
    CHECK(sum && trellis_type_of(sum) == TRELLIS_BIG && strcmp(trellis_get_big(sum), "100000000000000000002") == 0);
    char* text = trellis_repr(v);
    CHECK(text && strcmp(text, "[2, 100000000000000000000, {\"sum\": 100000000000000000002}]") == 0);
    trellis_string_free(text);
    trellis_value_free(key);
    trellis_result_free(r);
    trellis_value_free(args[0]);
    trellis_value_free(args[1]);

    int calls = 0;
    r = trellis_define(zx, "scale", host_scale, &calls, NULL);
    CHECK(trellis_ok(r));
    trellis_result_free(r);
    r = trellis_eval(zx, "scale(4) + 2", 12, NULL);
    CHECK(trellis_ok(r) && trellis_get_int(trellis_result_value(r)) == 42 && calls == 1);
    trellis_result_free(r);
    r = trellis_eval(zx, "scale(\"x\")", 10, "bad.zx");
    CHECK(!trellis_ok(r) && trellis_error_kind_of(r) == TRELLIS_ERROR_HOST);
    CHECK(strcmp(trellis_error_message(r), "scale wants an integer") == 0);
    CHECK(strstr(trellis_error_trace(r), "bad.zx:1:") != NULL);
    trellis_result_free(r);

    r = trellis_eval(zx, "1 / 0", 5, NULL);
    CHECK(!trellis_ok(r) && trellis_error_kind_of(r) == TRELLIS_ERROR_RUNTIME);
    CHECK(strcmp(trellis_error_kind_name(trellis_error_kind_of(r)), "runtime") == 0);
    trellis_result_free(r);

    trellis_value* g = trellis_double(0.5);
    r = trellis_set_global(zx, "half", g);
    trellis_result_free(r);
    trellis_value_free(g);
    r = trellis_eval(zx, "half * 4", 8, NULL);
    CHECK(trellis_ok(r) && trellis_get_double(trellis_result_value(r)) == 2.0);
    trellis_result_free(r);
    trellis_free(zx);

    /* The step budget: 5 steps at a time, granted by the callback. */
    int asked = 0;
    trellis_limits limits;
    memset(&limits, 0, sizeof limits);
    limits.steps = 5;
    limits.interrupt = grant;
    limits.interrupt_userdata = &asked;
    zx = trellis_new("zexus", &limits, quiet, NULL, NULL);
    CHECK(zx != NULL);
    const char* loop = "let n = 0\nwhile (n < 50) { n = n + 1 }\nn";
    r = trellis_eval(zx, loop, strlen(loop), NULL);
    CHECK(trellis_ok(r) && trellis_get_int(trellis_result_value(r)) == 50 && asked >= 9);
    trellis_result_free(r);
    const char* endless = "while (true) { }";
    r = trellis_eval(zx, endless, strlen(endless), NULL);
    CHECK(!trellis_ok(r) && trellis_error_kind_of(r) == TRELLIS_ERROR_STEP_LIMIT);
    trellis_result_free(r);
    trellis_free(zx);

    CHECK(trellis_new("nope", NULL, NULL, NULL, &err) == NULL);
    CHECK(err && trellis_error_kind_of(err) == TRELLIS_ERROR_USAGE);
    trellis_result_free(err);
}

static void test_evm(void) {
    trellis_instance* evm = trellis_new("evm", NULL, NULL, NULL, NULL);
    CHECK(evm != NULL);
    if (!evm) return;
    /* storage[0] += calldata word 0; return it */
    const char* counter = "PUSH1 0 SLOAD PUSH1 0 CALLDATALOAD ADD DUP1 PUSH1 0 SSTORE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN";
    trellis_result* r = trellis_eval(evm, counter, strlen(counter), NULL);
    CHECK(trellis_ok(r));
    trellis_result_free(r);
    trellis_evm_address contract, user;
    memset(&contract, 0, sizeof contract);
    memset(&user, 0, sizeof user);
    contract.bytes[18] = 0xc0;
    contract.bytes[19] = 0xde;
    user.bytes[19] = 1;
    uint8_t input[32] = {0};
    input[31] = 5;
    trellis_evm_message msg;
    memset(&msg, 0, sizeof msg);
    msg.recipient = contract;
    msg.code_address = contract;
    msg.sender = user;
    msg.gas = 100000;
    msg.input = input;
    msg.input_size = 32;
    trellis_evm_result out;
    for (int i = 0; i < 2; ++i) {
        r = trellis_evm_message_call(evm, &msg, &out);
        CHECK(trellis_ok(r) && out.status == 0 && out.output_size == 32);
        trellis_evm_result_release(&out);
        trellis_result_free(r);
    }
    trellis_evm_word key, word;
    memset(&key, 0, sizeof key);
    r = trellis_evm_get_storage(evm, &contract, &key, &word);
    CHECK(trellis_ok(r) && word.bytes[31] == 10);
    trellis_result_free(r);
    r = trellis_eval(evm, "PUSH1 0 PUSH1 0 REVERT", 22, NULL);
    CHECK(!trellis_ok(r) && trellis_error_kind_of(r) == TRELLIS_ERROR_REVERT);
    trellis_result_free(r);
    trellis_free(evm);
}

int main(void) {
    CHECK(trellis_language_count() >= 2);
    CHECK(trellis_language_name(trellis_language_count()) == NULL);
    test_zexus();
    test_evm();
    if (failed) {
        printf("C API: %d of %d checks failed\n", failed, checks);
        return 1;
    }
    printf("C API: all %d checks passed\n", checks);
    return 0;
}
