"""The multilingual information library: key messages in short, reviewed chunks.

The data files under ``data/content/`` are the source of truth; this app only
loads, selects and checks them. It depends on no other domain app.
"""
