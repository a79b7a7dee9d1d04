// Map-key hashing and equality over Values (see object.hpp: hash_key, keys_equal).
#include "trellis/core/object.hpp"

#include <cmath>
#include <cstring>

namespace trellis::core {

namespace {

uint64_t mix64(uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
}

bool is_text(Value v) noexcept {
    return v.is_object() && (v.as_object()->kind == Kind::string || v.as_object()->kind == Kind::symbol);
}

}  // namespace

uint64_t hash_key(Value v) noexcept {
    if (v.is_small_int()) return mix64(static_cast<uint64_t>(v.as_small_int()));
    if (v.is_double()) {
        double d = v.as_double();
        // An integral double equal to a small int must hash like it (keys_equal treats them as equal).
        if (d == std::floor(d) && d >= static_cast<double>(Value::min_small_int) &&
            d <= static_cast<double>(Value::max_small_int))
            return mix64(static_cast<uint64_t>(static_cast<int64_t>(d)));
        if (d == 0) d = 0;  // -0.0 == 0.0
        return mix64(std::bit_cast<uint64_t>(d));
    }
    if (!v.is_object()) return mix64(v.bits());
    Object* o = v.as_object();
    switch (o->kind) {
        case Kind::string:
        case Kind::symbol: return mix64(static_cast<String*>(o)->hash32);
        case Kind::big_int: {
            auto* b = static_cast<BigInt*>(o);
            uint64_t h = static_cast<uint64_t>(b->signed_size);
            uint64_t n = b->signed_size < 0 ? static_cast<uint64_t>(-b->signed_size) : static_cast<uint64_t>(b->signed_size);
            for (uint64_t i = 0; i < n; ++i) h = mix64(h ^ b->limbs[i]);
            return h;
        }
        default: return mix64(identity_hash(o));
    }
}

bool keys_equal(Value a, Value b) noexcept {
    if (a.same(b)) return !a.is_double() || a.as_double() == a.as_double();
    if (a.is_number() && b.is_number()) return a.to_double() == b.to_double() &&
        (!(a.is_small_int() && b.is_small_int()));  // two distinct small ints are never equal
    if (!a.is_object() || !b.is_object()) return false;
    Object* x = a.as_object();
    Object* y = b.as_object();
    if (is_text(a) && is_text(b)) {
        auto* s = static_cast<String*>(x);
        auto* t = static_cast<String*>(y);
        return s->hash32 == t->hash32 && s->view() == t->view();
    }
    if (x->kind == Kind::big_int && y->kind == Kind::big_int) {
        auto* p = static_cast<BigInt*>(x);
        auto* q = static_cast<BigInt*>(y);
        if (p->signed_size != q->signed_size) return false;
        uint64_t n = p->signed_size < 0 ? static_cast<uint64_t>(-p->signed_size) : static_cast<uint64_t>(p->signed_size);
        return std::memcmp(p->limbs, q->limbs, n * 8) == 0;
    }
    return false;
}

}  // namespace trellis::core
