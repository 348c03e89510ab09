"""Plan review in the application: the review report (PDF, HTML, BCF), its words, and the
snapshots the viewer renders for it.

- :mod:`.words`        the report's own words (``QCoreApplication.translate``, context
  ``ReviewReport``) and how values, limits and statuses are written
- :mod:`.report_html`  the report as one HTML document (also the PDF's source)
- :mod:`.report_pdf`   the same document printed to PDF through Qt (CJK fonts by fontconfig)
- :mod:`.report_bcf`   the findings as a BCF 2.1 file, a viewpoint and a snapshot per finding
"""
