-- Flatten tables into one paragraph per cell (row by row), for the text checks' word lists.
-- pandoc's plain writer lays a table out as text columns, so a cell that wraps would interleave
-- its words with its neighbours'. The checks want each cell's words together. Used by both
-- tools/make-fixture-pdfs.sh and tools/make-fixture-docx.sh.
local function add(out, rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      for _, block in ipairs(cell.contents) do out[#out + 1] = block end
    end
  end
end
function Table(t)
  local out = {}
  add(out, t.head.rows)
  for _, body in ipairs(t.bodies) do add(out, body.head); add(out, body.body) end
  add(out, t.foot.rows)
  return out
end
