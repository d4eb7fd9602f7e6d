def render_docx(doc):
    raise NotImplementedError
