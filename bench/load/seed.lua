-- Sends each prepared request once, to seed keys for the listing workload. Each thread
-- prints "seeded" when its share is answered; wrk's main thread sleeps for the whole
-- duration, so the caller sends SIGINT once every thread has printed it. Arguments and
-- file format as in replay.lua; the summary is the same JSON line.

local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end

local requests = {}
local position = 0
local answered = 0

function init(args)
  local threads = tonumber(args[2])
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
      table.insert(requests, wrk.format(fields[1], fields[2], headers, ""))
    end
  end
end

function request()
  position = position % #requests + 1
  return requests[position]
end

-- A connection may send a few requests past the last one before the thread stops; they
-- repeat the first keys, which only overwrites them.
function response(status, headers, body)
  answered = answered + 1
  if answered == #requests then
    io.write("seeded\n")
    io.flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency:percentile(50), latency:percentile(99)))
end
