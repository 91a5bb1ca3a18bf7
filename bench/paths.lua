-- wrk script: each request asks for the next path of the file named by BENCH_PATHS, in turn.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  paths[#paths + 1] = line
end
local turn = 0

request = function()
  turn = turn % #paths + 1
  return wrk.format(nil, paths[turn])
end
