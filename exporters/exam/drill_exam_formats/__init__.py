"""Exam paper exporters for drill: HTML, DOCX, Moodle XML, GIFT."""
