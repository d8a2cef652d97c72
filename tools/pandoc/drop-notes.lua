-- Drop footnotes, for tools/make-fixture-docx.sh's text check. The Markdown fixtures have none;
-- the docx-rs twins' footnote is checked on its own, so it must not count as document words.
function Note() return {} end
