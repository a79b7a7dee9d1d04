/* calc_repl.c: a calculator REPL in C99 embedding Zexus through the C API (trellis/trellis.h).
 *
 * Each input line is evaluated by a Zexus instance; the result is printed as "= VALUE", an error as
 * "error (KIND): MESSAGE". The host adds one function, ans(), that returns the previous result: its state (the
 * last value and a line counter) lives in a host struct passed as the function's userdata. Variables persist
 * from line to line (`let r = 2`), and the instance has limits, so `while (true) {}` or runaway recursion come
 * back as errors instead of hanging the host. docs/embedding.md walks through this file.
 *
 *   echo 'let r = 3
 *   3.14159 * r * r
 *   ans() / 2' | calc_repl
 */
#include <stdio.h>
#include <string.h>

#include "trellis/trellis.h"

/* The host's state, given to ans() as userdata. */
struct calc {
    trellis_value* last; /* owned; nil before the first result */
    int lines;
};

/* ans(): the previous result (a copy: the script may keep it). */
static trellis_result* ans(trellis_instance* instance, void* userdata, const trellis_value* const* args, size_t argc) {
    struct calc* calc = (struct calc*)userdata;
    (void)instance;
    (void)args;
    if (argc != 0) return trellis_result_error("ans() takes no arguments");
    return trellis_result_of(trellis_value_copy(calc->last));
}

int main(void) {
    trellis_limits limits;
    memset(&limits, 0, sizeof limits);
    limits.steps = 1000000;           /* loop iterations + calls per line */
    limits.heap_bytes = 64u << 20;    /* 64 MiB */
    limits.stack_depth = 1000;        /* nested calls */

    trellis_result* error = NULL;
    trellis_instance* zx = trellis_new("zexus", &limits, NULL, NULL, &error);
    if (!zx) {
        fprintf(stderr, "cannot create a Zexus instance: %s\n", trellis_error_message(error));
        trellis_result_free(error);
        return 1;
    }
    struct calc calc = {trellis_nil(), 0};
    trellis_result_free(trellis_define(zx, "ans", ans, &calc, NULL));

    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n == 0) continue;
        ++calc.lines;
        trellis_result* r = trellis_eval(zx, line, n, "<calc>");
        if (trellis_ok(r)) {
            const trellis_value* v = trellis_result_value(r);
            if (trellis_type_of(v) != TRELLIS_NIL) {
                char* text = trellis_repr(v);
                printf("= %s\n", text);
                trellis_string_free(text);
                trellis_value_free(calc.last);
                calc.last = trellis_value_copy(v);
            }
        } else {
            printf("error (%s): %s\n", trellis_error_kind_name(trellis_error_kind_of(r)), trellis_error_message(r));
        }
        trellis_result_free(r);
    }
    printf("%d lines\n", calc.lines);
    trellis_value_free(calc.last);
    trellis_free(zx);
    return 0;
}
