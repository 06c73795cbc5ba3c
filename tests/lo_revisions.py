"""Open a .docx in LibreOffice (headless, through its Python-UNO bridge) and
read its tracked changes back, as a person would in Writer.

Run with the system Python that has ``uno`` (Debian: python3-uno, pulled in
by libreoffice-writer), not the project's virtual environment::

    /usr/bin/python3 tests/lo_revisions.py STYLE FILE.docx [FILE.docx ...]

Prints JSON, for each file: ``redlines`` (how many tracked changes Writer sees) and
``authors``; then, for ``accept`` (Edit > Track Changes > Accept All) and
``reject`` (Reject All), the text of every paragraph in STYLE, in order, and
what is left of the tracked changes afterwards.
"""

import json
import os
import subprocess
import sys
import tempfile
import time



def prop(name, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def paragraphs(doc, style):
    out = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph") and \
                element.ParaStyleName == style:
            out.append(element.getString())
    return out


def main(style, paths):
    import uno  # only in the Python that LibreOffice's bridge is built for

    profile = tempfile.mkdtemp(prefix="treatycmp-lo-")
    pipe = f"treatycmp{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        results = {}
        for path, action, command in [(path, *pair) for path in paths for pair in (
                ("accept", ".uno:AcceptAllTrackedChanges"),
                ("reject", ".uno:RejectAllTrackedChanges"))]:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            result = results.setdefault(path, {})
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            redlines = doc.getRedlines()
            if "redlines" not in result:
                result["redlines"] = redlines.getCount()
                authors = set()
                enum = redlines.createEnumeration()
                while enum.hasMoreElements():
                    authors.add(enum.nextElement().RedlineAuthor)
                result["authors"] = sorted(authors)
            frame = doc.getCurrentController().getFrame()
            helper.executeDispatch(frame, command, "", 0, ())
            result[action] = paragraphs(doc, style)
            result[action + "_left"] = doc.getRedlines().getCount()
            doc.close(True)
        print(json.dumps(results, ensure_ascii=False))
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
