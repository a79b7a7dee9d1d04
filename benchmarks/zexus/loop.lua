-- The 1e7-iteration top-level loop: sum = sum + i * 2 % 7 (same algorithm as loop.zx; top-level locals, the
-- Lua idiom).
local sum = 0
local i = 0
while i < 10000000 do
  sum = sum + i * 2 % 7
  i = i + 1
end
print(sum)
