-- fib(30): calls, integer compare/add, returns (benchmarks/zexus, same algorithm as fib30.zx).
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
print(fib(30))
