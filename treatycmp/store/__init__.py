"""The treaty store: reading, validating and locating treaty files.

The only part of treatycmp that uses lxml.

- :func:`load_corpus`: every treaty that loads, and every problem found.
- :func:`load_treaty`: one treaty by identifier (raises on any problem).
- :func:`check_file` / :func:`check_files`: all problems in files or folders.
- :func:`parse_xml`: safe parsing, shared by every XML reader.
- :func:`default_corpus_root`: where the shipped corpus lives.
- :func:`find_alignment` / :func:`load_alignment`: curated alignments
  (``treaties/alignments/``), :func:`check_alignment_file` their problems.
"""

from .alignments import (ALIGNMENTS_FOLDER, alignment_file_errors, alignment_file_name,
                         check_alignment_file, find_alignment, load_alignment)
from .read import (CORPUS_ENV, RESERVED_FOLDERS, check_files, default_corpus_root,
                   load_corpus, load_treaty)
from .validate import WORK_FILE, XML_LANG, check_file
from .xml import MAX_FILE_BYTES, parse_xml, safe_parser, schema_errors

__all__ = ["ALIGNMENTS_FOLDER", "alignment_file_errors", "alignment_file_name",
           "check_alignment_file", "find_alignment", "load_alignment",
           "CORPUS_ENV", "MAX_FILE_BYTES", "RESERVED_FOLDERS", "WORK_FILE", "XML_LANG",
           "check_file", "check_files", "default_corpus_root", "load_corpus",
           "load_treaty", "parse_xml", "safe_parser", "schema_errors"]
