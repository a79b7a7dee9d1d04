// trellis-value-bench: NaN-boxing (core::Value as shipped) against low-bit pointer tagging (63-bit integers with
// tag 1, 8-aligned pointers with tag 00, in-range doubles as rotated "flonums" with tag 10, other doubles boxed)
// on three interpreter-shaped loops over Values held in memory: an integer loop (checked adds), a float loop
// (decode, multiply-add, re-encode) and an object-field loop (follow a reference, read a field, add).
// Both encodings run the same templates in one process, alternating, median of N runs; ns per iteration and
// the ratio tagging/NaN-boxing are printed. These numbers decide the Value encoding (docs/architecture.md).
// Usage: trellis-value-bench [--repeat N]
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "trellis/core/value.hpp"

namespace {

using trellis::core::Value;

// Objects for the field loop: a 16-byte header then two Value-sized slots.
struct alignas(16) Obj {
    uint64_t header[2];
    uint64_t slots[2];
};

struct NanBox {
    static constexpr const char* name = "nan-boxing";
    using W = Value;
    static W from_int(int64_t i) { return Value::small_int(i); }
    static int64_t to_int(W v) { return v.as_small_int(); }
    static TRELLIS_ALWAYS_INLINE bool add(W a, W b, W& out) { return Value::add_small(a, b, out); }
    static TRELLIS_ALWAYS_INLINE bool is_double(W v) { return v.is_double(); }
    static TRELLIS_ALWAYS_INLINE double to_double(W v) { return v.as_double(); }
    static TRELLIS_ALWAYS_INLINE W from_double(double d) { return Value::from_double(d); }
    static TRELLIS_ALWAYS_INLINE bool is_object(W v) { return v.is_object(); }
    static TRELLIS_ALWAYS_INLINE Obj* to_object(W v) { return reinterpret_cast<Obj*>(v.as_object()); }
    static W from_object(Obj* o) { return Value::object(reinterpret_cast<trellis::core::Object*>(o)); }
    static uint64_t bits(W v) { return v.bits(); }
    static W from_bits(uint64_t b) { return Value::from_bits(b); }
};

struct LowTag {
    static constexpr const char* name = "low-bit tagging";
    struct W {
        uint64_t b;
    };
    static constexpr uint64_t zero_bits = 0x8000'0000'0000'0002ull;  // +0.0, which the flonum range misses
    static W from_int(int64_t i) { return {(static_cast<uint64_t>(i) << 1) | 1}; }
    static int64_t to_int(W v) { return static_cast<int64_t>(v.b) >> 1; }
    static TRELLIS_ALWAYS_INLINE bool add(W a, W b, W& out) {
        if (TRELLIS_UNLIKELY(!(a.b & b.b & 1))) return false;
        int64_t r;
        if (TRELLIS_UNLIKELY(__builtin_add_overflow(static_cast<int64_t>(a.b), static_cast<int64_t>(b.b - 1), &r)))
            return false;
        out.b = static_cast<uint64_t>(r);
        return true;
    }
    static TRELLIS_ALWAYS_INLINE bool is_double(W v) { return (v.b & 3) == 2; }
    static TRELLIS_ALWAYS_INLINE double to_double(W v) {
        if (TRELLIS_UNLIKELY(v.b == zero_bits)) return 0.0;
        return std::bit_cast<double>(std::rotr(v.b, 3) - (uint64_t(1) << 60));
    }
    [[gnu::noinline]] static W box(double d) {
        // The boxed path (would allocate a heap double); never taken by the loops below.
        std::fprintf(stderr, "value-bench: unexpected boxed double %g\n", d);
        std::abort();
    }
    static TRELLIS_ALWAYS_INLINE W from_double(double d) {
        uint64_t x = std::bit_cast<uint64_t>(d);
        uint64_t e = (x >> 60) & 7;
        if (TRELLIS_LIKELY(e == 3 || e == 4)) return {std::rotl(x + (uint64_t(1) << 60), 3)};
        if (x == 0) return {zero_bits};
        return box(d);
    }
    static TRELLIS_ALWAYS_INLINE bool is_object(W v) { return (v.b & 7) == 0 && v.b != 0; }
    static TRELLIS_ALWAYS_INLINE Obj* to_object(W v) { return reinterpret_cast<Obj*>(v.b); }
    static W from_object(Obj* o) { return {reinterpret_cast<uint64_t>(o)}; }
    static uint64_t bits(W v) { return v.b; }
    static W from_bits(uint64_t b) { return {b}; }
};

constexpr size_t slots = 4096;

// acc += slot[i] with an overflow-checked add, result stored back to a slot (as an interpreter would).
template <class E>
int64_t int_loop(std::vector<uint64_t>& mem, long iters) {
    typename E::W acc = E::from_int(0);
    for (long i = 0; i < iters; ++i) {
        typename E::W x = E::from_bits(mem[i & (slots - 1)]);
        typename E::W r;
        if (TRELLIS_UNLIKELY(!E::add(acc, x, r))) return -1;
        acc = r;
        mem[(i + 1) & (slots - 1)] = E::bits(E::from_int(E::to_int(x)));  // re-store keeps the loop in memory
    }
    return E::to_int(acc);
}

// acc = acc * 0.5 + slot[i], decoded and re-encoded every step.
template <class E>
double float_loop(std::vector<uint64_t>& mem, long iters) {
    typename E::W acc = E::from_double(1.0);
    for (long i = 0; i < iters; ++i) {
        typename E::W x = E::from_bits(mem[i & (slots - 1)]);
        if (TRELLIS_UNLIKELY(!E::is_double(x) || !E::is_double(acc))) return -1;
        acc = E::from_double(E::to_double(acc) * 0.5 + E::to_double(x));
    }
    return E::to_double(acc);
}

// sum += obj[i].slots[0] (an integer field of a referenced object).
template <class E>
int64_t field_loop(const std::vector<uint64_t>& refs, long iters) {
    typename E::W acc = E::from_int(0);
    for (long i = 0; i < iters; ++i) {
        typename E::W r = E::from_bits(refs[i & (slots - 1)]);
        if (TRELLIS_UNLIKELY(!E::is_object(r))) return -1;
        typename E::W f = E::from_bits(E::to_object(r)->slots[0]);
        typename E::W s;
        if (TRELLIS_UNLIKELY(!E::add(acc, f, s))) return -1;
        acc = s;
    }
    return E::to_int(acc);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

template <class E>
void run_once(long iters, std::vector<Obj>& objs, double out[3], double sums[3]) {
    std::vector<uint64_t> ints(slots), flts(slots), refs(slots);
    for (size_t i = 0; i < slots; ++i) {
        ints[i] = E::bits(E::from_int(static_cast<int64_t>(i % 7)));
        flts[i] = E::bits(E::from_double(0.25 + static_cast<double>(i % 13) / 16.0));
        objs[i].slots[0] = E::bits(E::from_int(static_cast<int64_t>(i % 5)));
        refs[i] = E::bits(E::from_object(&objs[(i * 7) % slots]));
    }
    auto t0 = std::chrono::steady_clock::now();
    sums[0] = static_cast<double>(int_loop<E>(ints, iters));
    out[0] = seconds_since(t0) * 1e9 / iters;
    t0 = std::chrono::steady_clock::now();
    sums[1] = float_loop<E>(flts, iters);
    out[1] = seconds_since(t0) * 1e9 / iters;
    t0 = std::chrono::steady_clock::now();
    sums[2] = static_cast<double>(field_loop<E>(refs, iters));
    out[2] = seconds_since(t0) * 1e9 / iters;
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 7;
    long iters = 50'000'000;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--iters") && i + 1 < argc) iters = std::max(1000L, std::atol(argv[++i]));
        else {
            std::fprintf(stderr, "usage: trellis-value-bench [--repeat N] [--iters N]\n");
            return 2;
        }
    }
    std::vector<Obj> objs(slots);
    std::vector<double> t[2][3];
    double sums[2][3];
    for (int r = 0; r < repeat; ++r) {
        double a[3], b[3];
        run_once<NanBox>(iters, objs, a, sums[0]);
        run_once<LowTag>(iters, objs, b, sums[1]);
        for (int k = 0; k < 3; ++k) {
            t[0][k].push_back(a[k]);
            t[1][k].push_back(b[k]);
        }
    }
    for (int k = 0; k < 3; ++k)
        if (sums[0][k] != sums[1][k]) {
            std::fprintf(stderr, "value-bench: loop %d results differ (%g vs %g)\n", k, sums[0][k], sums[1][k]);
            return 1;
        }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const char* names[3] = {"integer loop", "float loop", "object-field loop"};
    std::printf("trellis-value-bench: %ld iterations per loop, median of %d runs (ns per iteration)\n\n", iters, repeat);
    std::printf("| %-18s | %10s | %15s | %16s |\n", "loop", NanBox::name, LowTag::name, "tagging/nan-box");
    std::printf("|--------------------|------------|-----------------|------------------|\n");
    for (int k = 0; k < 3; ++k) {
        double n = median(t[0][k]), l = median(t[1][k]);
        std::printf("| %-18s | %10.3f | %15.3f | %16.2f |\n", names[k], n, l, l / n);
    }
    return 0;
}
