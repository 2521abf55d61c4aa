#pragma once

#include "chat/codesnippet.h"

#include <QDialog>

// "Get code": the next request of the conversation as curl, Python (google-genai) and JavaScript
// (@google/genai), one tab each, read-only and monospaced, with Copy. The key is a placeholder
// (GEMINI_API_KEY), which the dialog says.
class GetCodeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GetCodeDialog)

public:
    explicit GetCodeDialog(QWidget *parent = nullptr);
    ~GetCodeDialog() override;

    void setRequest(const QString &model, const GenerateContentRequest &request, const CodeSnippet::Endpoint &endpoint);
    CodeSnippet::Language language() const;
    void setLanguage(CodeSnippet::Language language);
    // The code shown for the current language.
    QString code() const;
    // Puts the current code on the clipboard.
    void copy();

Q_SIGNALS:
    void copied();

private:
    struct Private;
    Private *d;
};
