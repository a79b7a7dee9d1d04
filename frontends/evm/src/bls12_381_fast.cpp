/// @file bls12_381_fast.cpp
/// BLS12-381 groups on Montgomery arithmetic (bls12_381_fast.hpp): generators, curve equations, the endomorphisms
/// phi (G1) and psi (G2) of EIP-2537 assets/fast_subgroup_checks.md, the subgroup tests built on them, and the
/// endomorphism-split MSM (GLV on G1, 4-dimensional GLS on G2: for P in the subgroup, x^2 P = -phi(P) and
/// |x| P = -psi(P), and every s < r < |x|^4 is s = d0 + d1 |x| + d2 |x|^2 + d3 |x|^3 with 64-bit digits).
/// The pairing is in bls12_381_pairing.cpp, the maps in bls12_381_map.cpp.
#include "bls12_381_fast.hpp"

#include <vector>

namespace trellis::evm::precompiles::bls::fast {

namespace {

/// beta: the cube root of unity of phi(x, y) = (beta x, y).
const Fp& beta() {
    static const Fp b = Fp::from_hex("5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe");
    return b;
}

const Fp2& psi_x() {
    static const Fp2 c{Fp::zero(), Fp::from_hex("1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409"
                                                "427eb4f49fffd8bfd00000000aaad")};
    return c;
}

const Fp2& psi_y() {
    static const Fp2 c{Fp::from_hex("135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0"
                                    "af1ee7b04121bdea2"),
                       Fp::from_hex("6af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4"
                                    "c81084fbede3cc09")};
    return c;
}

}  // namespace

G2 psi(const G2& a) {
    if (a.infinity) return a;
    return {a.x.conj() * psi_x(), a.y.conj() * psi_y(), false};
}

G2J psi(const G2J& a) { return {a.x.conj() * psi_x(), a.y.conj() * psi_y(), a.z.conj()}; }

namespace {

/// s mod r as four base-|x| digits, least significant first.
std::array<uint64_t, 4> seed_digits(Scalar s) {
    while (mont::geq(s, r)) mont::sub_limbs(s, s, r);  // s < 2^256 < 3 r
    std::array<uint64_t, 4> d{};
    for (uint64_t& digit : d) digit = mont::div_small(s, seed);
    return d;
}

}  // namespace

const G1& g1_generator() {
    static const G1 g{Fp::from_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aef"
                                   "fb3af00adb22c6bb"),
                      Fp::from_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae4"
                                   "0caa232946c5e7e1"),
                      false};
    return g;
}

const G2& g2_generator() {
    static const G2 g{{Fp::from_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbef"
                                    "d48056c8c121bdb8"),
                       Fp::from_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57"
                                    "e5ac7d055d042b7e")},
                      {Fp::from_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289"
                                    "e193548608b82801"),
                       Fp::from_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1"
                                    "aaa9075ff05f79be")},
                      false};
    return g;
}

bool on_curve(const G1& a) {
    static const Fp b = Fp::from_u64(4);
    return a.infinity || a.y.square() == a.x.square() * a.x + b;
}

bool on_curve(const G2& a) {
    static const Fp2 b{Fp::from_u64(4), Fp::from_u64(4)};
    return a.infinity || a.y.square() == a.x.square() * a.x + b;
}

bool in_subgroup(const G1& a, G1J& x_a) {
    x_a = G1J::mul_u64(a, seed);
    if (a.infinity) return true;
    return G1J::mul_u64(x_a, seed).equals(G1{beta() * a.x, -a.y, false});  // x^2 P = -phi(P)
}

bool in_subgroup(const G1& a) {
    G1J x_a;
    return in_subgroup(a, x_a);
}

bool in_subgroup(const G2& a) {
    if (a.infinity) return true;
    return G2J::mul_u64(a, seed).equals(psi(a).neg());  // |x| P = -psi(P)
}

G1J msm(std::span<const G1> points, std::span<const Scalar> scalars) {
    std::vector<G1> expanded;
    std::vector<mont::Limbs<2>> halves;
    expanded.reserve(2 * points.size());
    halves.reserve(2 * points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        if (points[i].infinity) continue;
        const std::array<uint64_t, 4> d = seed_digits(scalars[i]);
        // s = (d0 + d1 |x|) + (d2 + d3 |x|) x^2, each half below |x|^2 < 2^128.
        for (int h = 0; h < 2; ++h) {
            const mont::u128 v = mont::u128{d[2 * h + 1]} * seed + d[2 * h];
            if (v == 0) continue;  // no table entries for a zero half
            halves.push_back({static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)});
            expanded.push_back(h == 0 ? points[i] : G1{beta() * points[i].x, -points[i].y, false});  // -phi(P) = x^2 P
        }
    }
    return ec::msm<Fp, 2>(expanded, halves, 128);
}

namespace {

/// The 16 subset sums of four points (bit k of the index: points[k]), affine, with one inversion.
std::array<G1, 16> subset_table(const std::array<G1J, 4>& points) {
    std::array<G1J, 16> sums;
    for (size_t m = 1; m < 16; ++m) sums[m] = sums[m & (m - 1)].add(points[static_cast<size_t>(__builtin_ctzll(m))]);
    std::array<G1, 16> table;
    ec::batch_to_affine(sums.data(), table.data(), 16);
    return table;
}

/// The subset sums of [|x|^k]G1, k = 0..3.
const std::array<G1, 16>& generator_powers_table() {
    static const std::array<G1, 16> table = [] {
        std::array<G1J, 4> powers;
        powers[0] = G1J::from(g1_generator());
        for (size_t k = 1; k < 4; ++k) powers[k] = G1J::mul_u64(powers[k - 1], seed);
        return subset_table(powers);
    }();
    return table;
}

}  // namespace

G1J msm_generator_and_point(const Scalar& s, const G1& p, const G1J& x_p, const Scalar& t) {
    const std::array<uint64_t, 4> ds = seed_digits(s);
    std::array<uint64_t, 4> dt{};
    std::array<G1, 16> tp;
    if (!p.infinity) {
        dt = seed_digits(t);
        // P, |x| P, x^2 P = -phi(P), |x|^3 P = -phi(|x| P) (phi(X, Y, Z) = (beta X, Y, Z) in Jacobian form).
        tp = subset_table({G1J::from(p), x_p, G1J::from(G1{beta() * p.x, -p.y, false}), G1J{beta() * x_p.x, -x_p.y, x_p.z}});
    }
    const std::array<G1, 16>& tg = generator_powers_table();
    G1J acc;
    for (int b = 63; b >= 0; --b) {
        acc = acc.dbl();
        unsigned mg = 0, mp = 0;
        for (unsigned k = 0; k < 4; ++k) {
            mg |= static_cast<unsigned>((ds[k] >> b) & 1) << k;
            mp |= static_cast<unsigned>((dt[k] >> b) & 1) << k;
        }
        if (mg != 0) acc = acc.add(tg[mg]);
        if (mp != 0) acc = acc.add(tp[mp]);
    }
    return acc;
}

G2J msm(std::span<const G2> points, std::span<const Scalar> scalars) {
    std::vector<G2> expanded;
    std::vector<mont::Limbs<1>> digits;
    expanded.reserve(4 * points.size());
    digits.reserve(4 * points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        if (points[i].infinity) continue;
        const std::array<uint64_t, 4> d = seed_digits(scalars[i]);
        G2 q = points[i];  // |x|^k P = (-psi)^k (P)
        for (int k = 0; k < 4; ++k) {
            if (d[k] != 0) {
                expanded.push_back(q);
                digits.push_back({d[k]});
            }
            if (k < 3) q = psi(q).neg();
        }
    }
    return ec::msm<Fp2, 1>(expanded, digits, 64);
}

}  // namespace trellis::evm::precompiles::bls::fast
