"""The skills that ship with OS¹. Each registers under the entry-point group ``os1.skills``."""
