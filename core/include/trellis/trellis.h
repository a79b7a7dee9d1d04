/* trellis.h: the C API of Trellis, usable from C99 and C++. It wraps trellis/embed.hpp one to one; read
 * docs/embedding.md for a walk through examples/.
 *
 * Model. A trellis_instance is one VM of one language ("zexus", "evm"; trellis_language_name lists them). Every
 * operation returns a trellis_result: either a value or an error (kind, the language's message, a stack trace
 * as text). No C++ exception and no longjmp ever crosses this API; after an error the instance stays usable.
 *
 * Ownership. Every trellis_value* and trellis_result* returned by a function whose name does not say "get" is
 * owned by the caller and released with trellis_value_free / trellis_result_free. Pointers returned by
 * trellis_result_value, trellis_list_get, trellis_map_key/value and the trellis_get_* accessors are borrowed:
 * valid while their owner lives and is not modified. Functions documented as "consumes" take ownership of their
 * argument (even when they fail). All strings are byte strings with explicit lengths unless said otherwise.
 *
 * Threads. Instances share nothing mutable: N instances may run on N threads at once. One instance (and the
 * values holding its handles) must be used by one thread at a time.
 */
#ifndef TRELLIS_TRELLIS_H
#define TRELLIS_TRELLIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct trellis_instance trellis_instance; /* one VM instance */
typedef struct trellis_value trellis_value;       /* a value crossing the boundary */
typedef struct trellis_result trellis_result;     /* a value or an error */

/* Value types (embed::Type). */
typedef enum trellis_type {
    TRELLIS_NIL = 0,
    TRELLIS_BOOL = 1,
    TRELLIS_INT = 2,         /* int64_t */
    TRELLIS_BIG = 3,         /* an integer outside int64_t, as decimal text */
    TRELLIS_DOUBLE = 4,
    TRELLIS_STRING = 5,      /* bytes with a length (UTF-8 text, or raw EVM output) */
    TRELLIS_LIST = 6,
    TRELLIS_MAP = 7,         /* insertion-ordered */
    TRELLIS_HOST_OBJECT = 8, /* an opaque host pointer with a finalizer */
    TRELLIS_HANDLE = 9       /* a reference to an object inside one instance, rooted while the value lives */
} trellis_type;

/* Error kinds (embed::ErrorKind). */
typedef enum trellis_error_kind {
    TRELLIS_ERROR_SYNTAX = 0,
    TRELLIS_ERROR_RUNTIME = 1,
    TRELLIS_ERROR_REVERT = 2,      /* EVM REVERT; the result's value holds the revert data */
    TRELLIS_ERROR_HOST = 3,        /* a host function failed and the script did not catch it */
    TRELLIS_ERROR_STEP_LIMIT = 4,  /* step budget exhausted, the interrupt callback did not extend it */
    TRELLIS_ERROR_HEAP_LIMIT = 5,
    TRELLIS_ERROR_STACK_LIMIT = 6, /* call depth */
    TRELLIS_ERROR_OUT_OF_GAS = 7,  /* EVM */
    TRELLIS_ERROR_USAGE = 8        /* the host misused the API */
} trellis_error_kind;

/* ---- languages and instances ---- */

/* Number of languages compiled in, and the name of the i-th (sorted; NULL past the end). */
size_t trellis_language_count(void);
const char* trellis_language_name(size_t index);

/* The interrupt callback: called when the step budget is used up with the steps run so far in this top-level
 * call; returns how many more steps to allow (0 stops the run with TRELLIS_ERROR_STEP_LIMIT). */
typedef uint64_t (*trellis_interrupt_fn)(void* userdata, trellis_instance* instance, uint64_t steps_used);

/* Per-instance limits; zero means the language's default (docs/embedding.md "Limits"). */
typedef struct trellis_limits {
    uint64_t steps;                 /* step budget per top-level call (Zexus: loop iterations + calls; EVM: gas) */
    trellis_interrupt_fn interrupt; /* may be NULL */
    void* interrupt_userdata;
    size_t heap_bytes;              /* heap limit, bytes */
    uint32_t stack_depth;           /* call-depth limit */
    int64_t gas;                    /* EVM: gas per top-level message (default 30,000,000) */
} trellis_limits;

/* Receives the script's output (print); is_error for error reports. NULL: stdout / stderr. */
typedef void (*trellis_output_fn)(void* userdata, const char* text, size_t length, int is_error);

/* Creates an instance of `language`. `limits` may be NULL (defaults). Returns NULL on failure and, when `error`
 * is not NULL, stores a result holding the reason there (free it). */
trellis_instance* trellis_new(const char* language, const trellis_limits* limits, trellis_output_fn output,
                              void* output_userdata, trellis_result** error);
/* Destroys an instance (NULL is ignored). Handles it gave out then refer to nothing. */
void trellis_free(trellis_instance* instance);
/* The instance's language name (static storage). */
const char* trellis_language(const trellis_instance* instance);

/* ---- running code ---- */

/* Evaluates `length` bytes of source; `name` (may be NULL) names it in traces. The value is the last
 * expression's (Zexus) or the RETURN data (EVM). */
trellis_result* trellis_eval(trellis_instance* instance, const char* source, size_t length, const char* name);
/* Reads and evaluates a file (TRELLIS_ERROR_USAGE if it cannot be read). */
trellis_result* trellis_run_file(trellis_instance* instance, const char* path);
/* Calls the function named `function` (Zexus: a global action; EVM: a Solidity signature "f(uint256)" on the
 * current contract) with `argc` borrowed arguments. */
trellis_result* trellis_call(trellis_instance* instance, const char* function, const trellis_value* const* args,
                             size_t argc);
/* Calls a function value (a TRELLIS_HANDLE this instance returned). */
trellis_result* trellis_call_value(trellis_instance* instance, const trellis_value* function,
                                   const trellis_value* const* args, size_t argc);

/* A host function: gets borrowed arguments, returns a result it made with trellis_result_of (a value) or
 * trellis_result_error (raised in the script as the language's own error, catchable there). Returning NULL is
 * an error "host function returned nothing". */
typedef trellis_result* (*trellis_host_fn)(trellis_instance* instance, void* userdata, const trellis_value* const* args,
                                           size_t argc);
/* Registers `fn` as global function `name`. `free_userdata` (may be NULL) runs on userdata when the instance is
 * destroyed. */
trellis_result* trellis_define(trellis_instance* instance, const char* name, trellis_host_fn fn, void* userdata,
                               void (*free_userdata)(void*));
/* Sets global `name` to a copy of `value` (borrowed). */
trellis_result* trellis_set_global(trellis_instance* instance, const char* name, const trellis_value* value);
/* Reads global `name`. */
trellis_result* trellis_get_global(trellis_instance* instance, const char* name);

/* ---- results ---- */

/* Nonzero if the result holds a value, zero if it holds an error. */
int trellis_ok(const trellis_result* result);
/* The value (borrowed; nil after an error, except the revert data of TRELLIS_ERROR_REVERT). */
const trellis_value* trellis_result_value(const trellis_result* result);
/* The error's kind, message and trace (borrowed, NUL-terminated; "" when the result is ok). */
trellis_error_kind trellis_error_kind_of(const trellis_result* result);
const char* trellis_error_message(const trellis_result* result);
const char* trellis_error_trace(const trellis_result* result);
/* Lower-case name of a kind ("step_limit"...). */
const char* trellis_error_kind_name(trellis_error_kind kind);
/* A result holding `value` (consumes it; NULL means nil): what host functions return. */
trellis_result* trellis_result_of(trellis_value* value);
/* A result holding a host error with `message` (copied). */
trellis_result* trellis_result_error(const char* message);
void trellis_result_free(trellis_result* result);

/* ---- values ---- */

trellis_value* trellis_nil(void);
trellis_value* trellis_bool(int b);
trellis_value* trellis_int(int64_t i);
/* Any integer as decimal text; NULL if malformed. Values fitting int64_t become TRELLIS_INT. */
trellis_value* trellis_big(const char* decimal);
trellis_value* trellis_double(double d);
/* A string of `length` bytes (copied). */
trellis_value* trellis_string(const char* bytes, size_t length);
trellis_value* trellis_list(void);
trellis_value* trellis_map(void);
/* A host object: `finalizer` (may be NULL) runs on `pointer` when no value and no instance holds it any more. */
trellis_value* trellis_host_object(void* pointer, void (*finalizer)(void*));
/* Appends `item` to a list (consumes item). Returns 0 if `list` is not a list. */
int trellis_list_push(trellis_value* list, trellis_value* item);
/* Adds or replaces key -> value in a map (consumes both). Returns 0 if `map` is not a map. */
int trellis_map_set(trellis_value* map, trellis_value* key, trellis_value* value);
trellis_value* trellis_value_copy(const trellis_value* value);
void trellis_value_free(trellis_value* value);

trellis_type trellis_type_of(const trellis_value* value);
/* Accessors: the wrong type gives 0 / 0.0 / NULL. trellis_get_double converts integers. */
int trellis_get_bool(const trellis_value* value);
int64_t trellis_get_int(const trellis_value* value);
double trellis_get_double(const trellis_value* value);
/* Bytes and length of a string (NUL-terminated too, borrowed). */
const char* trellis_get_string(const trellis_value* value, size_t* length);
/* Decimal text of a TRELLIS_BIG (borrowed). */
const char* trellis_get_big(const trellis_value* value);
size_t trellis_list_size(const trellis_value* list);
const trellis_value* trellis_list_get(const trellis_value* list, size_t index);
size_t trellis_map_size(const trellis_value* map);
const trellis_value* trellis_map_key(const trellis_value* map, size_t index);
const trellis_value* trellis_map_value(const trellis_value* map, size_t index);
/* The value under `key` (borrowed; NULL when absent or not a map). */
const trellis_value* trellis_map_get(const trellis_value* map, const trellis_value* key);
void* trellis_get_host(const trellis_value* value);
/* A readable form ("[1, \"a\"]"); free it with trellis_string_free. */
char* trellis_repr(const trellis_value* value);
void trellis_string_free(char* text);

/* ---- EVM: message calls against host state (EVMC-shaped) or the built-in in-memory state ----
 * Words are 32-byte big-endian. Statuses number as trellis::evm::StatusCode: 0 success, 1 revert, 2 failure,
 * 3 out of gas, 4.. other exceptional halts (trellis_evm_status_name). All functions fail with TRELLIS_ERROR_USAGE on a non-EVM instance. */

typedef struct trellis_evm_address { uint8_t bytes[20]; } trellis_evm_address;
typedef struct trellis_evm_word { uint8_t bytes[32]; } trellis_evm_word;

typedef enum trellis_evm_call_kind {
    TRELLIS_EVM_CALL = 0, TRELLIS_EVM_DELEGATECALL = 1, TRELLIS_EVM_CALLCODE = 2,
    TRELLIS_EVM_CREATE = 3, TRELLIS_EVM_CREATE2 = 4
} trellis_evm_call_kind;

/* A message (evmc_message). */
typedef struct trellis_evm_message {
    int kind;                        /* trellis_evm_call_kind */
    int is_static;                   /* STATICCALL */
    int32_t depth;                   /* 0 for the top frame */
    int64_t gas;                     /* gas given (capped by the instance's limits.gas) */
    trellis_evm_address recipient;   /* ADDRESS */
    trellis_evm_address sender;      /* CALLER */
    trellis_evm_address code_address;
    const uint8_t* input;            /* call data (borrowed during the call) */
    size_t input_size;
    trellis_evm_word value;          /* CALLVALUE */
    trellis_evm_word create2_salt;
} trellis_evm_message;

/* A message's outcome (evmc_result). `output` is malloc'ed: Trellis frees what hosts return from `call`;
 * the host releases what Trellis returns with trellis_evm_result_release. */
typedef struct trellis_evm_result {
    int status;
    int64_t gas_left;
    int64_t gas_refund;
    uint8_t* output;
    size_t output_size;
    trellis_evm_address create_address;
} trellis_evm_result;

/* Block and transaction context (evmc_tx_context). */
typedef struct trellis_evm_tx_context {
    trellis_evm_word gas_price;
    trellis_evm_address origin;
    trellis_evm_address coinbase;
    int64_t block_number;
    int64_t block_timestamp;
    int64_t block_gas_limit;
    trellis_evm_word prev_randao;
    trellis_evm_word chain_id;
    trellis_evm_word base_fee;
    trellis_evm_word blob_base_fee;
} trellis_evm_tx_context;

/* The host's state as callbacks (evmc_host_interface); `context` is the pointer given to trellis_evm_execute.
 * A NULL callback gives the empty answer: no account, zero words, no code, warm accesses, logs dropped, nested
 * calls fail. set_storage returns the EVMC storage status (0 assigned, 1 added, 2 deleted, 3 modified,
 * 4 deleted-added, 5 modified-deleted, 6 deleted-restored, 7 added-deleted, 8 modified-restored); access_* return
 * 0 cold, 1 warm. */
typedef struct trellis_evm_host {
    int (*account_exists)(void* context, const trellis_evm_address* address);
    void (*get_storage)(void* context, const trellis_evm_address* address, const trellis_evm_word* key,
                        trellis_evm_word* out);
    int (*set_storage)(void* context, const trellis_evm_address* address, const trellis_evm_word* key,
                       const trellis_evm_word* value);
    void (*get_balance)(void* context, const trellis_evm_address* address, trellis_evm_word* out);
    size_t (*get_code_size)(void* context, const trellis_evm_address* address);
    void (*get_code_hash)(void* context, const trellis_evm_address* address, trellis_evm_word* out);
    size_t (*copy_code)(void* context, const trellis_evm_address* address, size_t offset, uint8_t* out, size_t size);
    int (*selfdestruct)(void* context, const trellis_evm_address* address, const trellis_evm_address* beneficiary);
    void (*call)(void* context, const trellis_evm_message* message, trellis_evm_result* out);
    void (*get_tx_context)(void* context, trellis_evm_tx_context* out);
    void (*get_block_hash)(void* context, int64_t number, trellis_evm_word* out);
    void (*emit_log)(void* context, const trellis_evm_address* address, const uint8_t* data, size_t data_size,
                     const trellis_evm_word* topics, size_t topic_count);
    int (*access_account)(void* context, const trellis_evm_address* address);
    int (*access_storage)(void* context, const trellis_evm_address* address, const trellis_evm_word* key);
    void (*get_transient_storage)(void* context, const trellis_evm_address* address, const trellis_evm_word* key,
                                  trellis_evm_word* out);
    void (*set_transient_storage)(void* context, const trellis_evm_address* address, const trellis_evm_word* key,
                                  const trellis_evm_word* value);
} trellis_evm_host;

/* Runs `code` for `message` against the host's state (Cancun rules). Fills `out` (release it) and returns a
 * result: ok with the output as a string, or the error (revert, out_of_gas, runtime, step_limit). */
trellis_result* trellis_evm_execute(trellis_instance* instance, const trellis_evm_host* host, void* context,
                                    const trellis_evm_message* message, const uint8_t* code, size_t code_size,
                                    trellis_evm_result* out);
/* Runs the code of message->recipient in the built-in state as a top-level CALL; the state keeps the changes on
 * success and reverts them otherwise. */
trellis_result* trellis_evm_message_call(trellis_instance* instance, const trellis_evm_message* message,
                                         trellis_evm_result* out);
/* Creates or replaces an account of the built-in state. */
trellis_result* trellis_evm_set_account(trellis_instance* instance, const trellis_evm_address* address,
                                        uint64_t nonce, const trellis_evm_word* balance, const uint8_t* code,
                                        size_t code_size);
/* Reads a storage word of the built-in state into `out`. */
trellis_result* trellis_evm_get_storage(trellis_instance* instance, const trellis_evm_address* address,
                                        const trellis_evm_word* key, trellis_evm_word* out);
/* Frees out->output and zeroes it. */
void trellis_evm_result_release(trellis_evm_result* result);
/* Name of an EVM status ("success", "revert", "out of gas", ...). */
const char* trellis_evm_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif /* TRELLIS_TRELLIS_H */
