// EIP-3155 trace lines (see tracer.hpp).
#include "tracer.hpp"

#include <string>

#include "trellis/evm/opcodes.hpp"

namespace trellis::evm {

void trace_instruction(const ExecState& s, const uint8_t* ip) noexcept {
    const uint8_t op = *ip;
    const int16_t cost = s.costs[op];
    std::string line;
    line.reserve(160 + 70 * static_cast<size_t>(s.height()));
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"pc\":%zu,\"op\":%u,\"gas\":\"0x%llx\",\"gasCost\":\"0x%x\",\"memSize\":%zu,\"stack\":[",
                  s.pc(ip), unsigned(op), static_cast<unsigned long long>(s.gas), cost < 0 ? 0u : unsigned(cost),
                  s.memory.size);
    line += buf;
    for (const uint256* p = s.stack_base; p != s.sp; ++p) {
        if (p != s.stack_base) line += ',';
        line += '"';
        line += to_hex(*p);
        line += '"';
    }
    std::snprintf(buf, sizeof buf, "],\"depth\":%d,\"refund\":%lld,\"opName\":\"", s.msg->depth + 1,
                  static_cast<long long>(s.refund));
    line += buf;
    if (is_defined(op, s.rev)) {
        line += opcode_name(op, s.rev);
    } else {
        std::snprintf(buf, sizeof buf, "opcode 0x%02x not defined", unsigned(op));
        line += buf;
    }
    line += "\"}\n";
    std::fwrite(line.data(), 1, line.size(), s.trace);
}

}  // namespace trellis::evm
