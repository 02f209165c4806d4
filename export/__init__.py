"""Word export of a report (issue 3). Like models/, it never imports Qt."""
