-- Give wide tables explicit column widths so that cells wrap at word boundaries.
-- Used by tools/make-fixture-pdfs.sh (both routes: the DOCX that LibreOffice prints, and LaTeX)
-- and by tools/make-fixture-docx.sh (the pandoc DOCX, which is that same DOCX). One file, so the
-- DOCX committed under fixtures/docx/pandoc/ stays the source of the LibreOffice PDFs.
--
-- The CommonMark reader leaves every column at its natural width. Then LaTeX runs off the page
-- and cuts cells, and Writer splits long words in narrow columns ("Holmbridg" + "e"). Tables
-- narrower than the line keep that. In a wider table, each column gets at least its longest word,
-- and the rest of the line is shared in proportion to how much longer its longest cell is. This
-- is the usual automatic table layout, counted in characters. (examples/make_fixture_docx.rs sizes
-- the docx-rs twins' columns the same way, in twips.)
local LINE = 80 -- characters that fit across the text block, roughly
local function measure(rows, ncols, longest, word)
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row.cells) do
      if i <= ncols then
        local text = pandoc.utils.stringify(cell.contents)
        longest[i] = math.max(longest[i], utf8.len(text) or #text)
        for w in text:gmatch("%S+") do word[i] = math.max(word[i], utf8.len(w) or #w) end
      end
    end
  end
end
function Table(t)
  local n = #t.colspecs
  local longest, word = {}, {}
  for i = 1, n do longest[i], word[i] = 1, 1 end
  measure(t.head.rows, n, longest, word)
  for _, body in ipairs(t.bodies) do measure(body.head, n, longest, word); measure(body.body, n, longest, word) end
  measure(t.foot.rows, n, longest, word)
  local total, minimum, slack = 0, 0, 0
  for i = 1, n do
    total = total + longest[i] + 3
    minimum = minimum + word[i] + 3
    slack = slack + (longest[i] - word[i])
  end
  if total <= LINE then return nil end -- fits: keep natural widths
  local spare = math.max(LINE - minimum, 0)
  local widths, sum = {}, 0
  for i = 1, n do
    local extra = slack > 0 and spare * (longest[i] - word[i]) / slack or 0
    widths[i] = word[i] + 3 + extra
    sum = sum + widths[i]
  end
  for i = 1, n do t.colspecs[i][2] = widths[i] / sum end
  return t
end
