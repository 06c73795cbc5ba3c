"""The treaty store: reading, validating and locating treaty files.

The only part of treatycmp that uses lxml.

- :func:`load_corpus`: every treaty that loads, and every problem found;
  :func:`scan_corpus`: a summary of each, one folder at a time.
- :func:`load_treaty`: one treaty by identifier (raises on any problem).
- :func:`check_file` / :func:`check_files`: all problems in files or folders.
- :func:`parse_xml`: safe parsing, shared by every XML reader.
- :func:`default_corpus_root`: where the shipped corpus lives;
  :func:`writable_corpus_root`: refuses the copy inside an installed package.
- :func:`migrate_file` / :func:`migrate_paths`: update files to the current
  schema version.
- :func:`find_alignment` / :func:`load_alignment`: curated alignments
  (``treaties/alignments/``), :func:`check_alignment_file` their problems,
  :func:`mirror_problem` two files of one pair.
"""

from .alignments import (ALIGNMENTS_FOLDER, alignment_file_errors, alignment_file_name,
                         check_alignment_file, find_alignment, load_alignment,
                         mirror_problem)
from .migrate import SCHEMA_VERSION, migrate_file, migrate_paths
from .read import (CORPUS_ENV, RESERVED_FOLDERS, check_files, default_corpus_root,
                   installed_corpus, load_corpus, load_treaty, scan_corpus,
                   writable_corpus_root)
from .validate import (PLACEHOLDER, PLACEHOLDER_DATE, WORK_FILE, XML_LANG, check_file,
                       draft_placeholders)
from .xml import MAX_FILE_BYTES, parse_xml, safe_parser, schema_errors

__all__ = ["ALIGNMENTS_FOLDER", "alignment_file_errors", "alignment_file_name",
           "check_alignment_file", "find_alignment", "load_alignment", "mirror_problem",
           "CORPUS_ENV", "MAX_FILE_BYTES", "PLACEHOLDER", "PLACEHOLDER_DATE",
           "RESERVED_FOLDERS", "SCHEMA_VERSION", "WORK_FILE", "XML_LANG",
           "check_file", "check_files", "default_corpus_root", "draft_placeholders", "installed_corpus",
           "load_corpus", "load_treaty", "migrate_file", "migrate_paths", "parse_xml",
           "safe_parser", "scan_corpus", "schema_errors", "writable_corpus_root"]
