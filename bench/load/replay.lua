-- Replays prepared requests over keep-alive connections for wrk's duration and prints
-- a JSON summary. Arguments: REQUESTS_FILE THREADS [BODY_FILE].
-- REQUESTS_FILE has one request per line: METHOD, PATH and then NAME:VALUE headers,
-- separated by tabs. Thread N of THREADS takes lines N+1, N+1+THREADS, ... and cycles
-- through them, so threads never send the same PUT key at once.

local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end

local requests = {}
local position = 0

local function read_file(path)
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  return data
end

function init(args)
  local threads = tonumber(args[2])
  local body = nil
  if args[3] ~= nil then body = read_file(args[3]) end
  local lines = {}
  for line in io.lines(args[1]) do table.insert(lines, line) end
  -- With fewer lines than threads, as for one replayed GET, every thread takes them all.
  local share = id
  if #lines < threads then
    threads = 1
    share = 0
  end
  for line_number = 0, #lines - 1 do
    local line = lines[line_number + 1]
    if line_number % threads == share then
      local fields = {}
      for field in string.gmatch(line, "[^\t]+") do table.insert(fields, field) end
      local headers = {}
      for i = 3, #fields do
        local colon = string.find(fields[i], ":", 1, true)
        headers[string.sub(fields[i], 1, colon - 1)] = string.sub(fields[i], colon + 1)
      end
      table.insert(requests, wrk.format(fields[1], fields[2], headers, body))
    end
  end
  assert(#requests > 0, "thread " .. id .. " has no request")
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency:percentile(50), latency:percentile(99)))
end
