#!/usr/bin/env python3
"""Writes a .resx file from "Key = Text" lines (one per line; \\n for a line break in the text).

    scripts/resx.py Features/Intake/IntakeText.resx < texts.ru.txt

Resource files are XML with a fixed header; this keeps them consistent and easy to review.
"""
import sys
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def main() -> None:
    out = [HEADER]
    seen = set()
    for raw in sys.stdin.read().splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, text = raw.partition("=")
        key, text = key.strip(), text.strip().replace("\\n", "\n")
        if not sep or not key:
            sys.exit(f"not 'Key = Text': {raw!r}")
        if key in seen:
            sys.exit(f"duplicate key: {key}")
        seen.add(key)
        out.append(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(text)}</value></data>\n')
    out.append("</root>\n")
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
