#pragma once

#include <QByteArray>
#include <QString>

// stdout and stderr of alhena-cli. stdout carries the answer only, as raw UTF-8 bytes flushed at
// every write (binary-safe: no locale codec, no newline translation). stderr carries errors, notes and
// thoughts; when stdout and stderr share a terminal, a message starts on a fresh line.
class Console final
{
public:
    Console();

    void setQuiet(bool quiet) { m_quiet = quiet; }
    bool isQuiet() const { return m_quiet; }

    // The answer, on stdout.
    void write(const QString &text);
    void writeBytes(const QByteArray &bytes);
    // Ends the stdout text with a newline if anything was written and it does not end with one.
    void finishLine();

    // "alhena-cli: <message>" on stderr, always.
    void error(const QString &message);
    // A line on stderr, always (why an answer stopped, usage figures).
    void info(const QString &message);
    // A progress line on stderr, unless quiet (retries).
    void note(const QString &message);
    // Thought text on stderr as it arrives, dimmed when stderr is a terminal (and NO_COLOR is unset).
    void thought(const QString &text);

    // Whether stderr is a terminal: progress is then a line redrawn in place, else plain lines.
    bool errIsTerminal() const { return m_errTerminal; }
    // The width of the stderr terminal in columns; 80 when unknown.
    int errColumns() const;
    // A progress line on stderr, redrawn in place with \r (terminal only; nothing when quiet). Any
    // other message erases it first and goes in its place; the next progress() draws it again.
    void progress(const QString &line);
    // Erases the progress line, if one is shown.
    void clearProgress();

    static bool stdinIsTerminal();
    // All of stdin (blocking; called before the event loop runs).
    static QByteArray readStdin();

private:
    void writeErr(const QByteArray &bytes);
    void startErrLine();

    bool m_quiet = false;
    bool m_errTerminal = false;
    bool m_progressShown = false;
    bool m_dim = false;
    bool m_sharedTerminal = false; // stdout and stderr are the same terminal
    bool m_outWritten = false;
    bool m_outAtLineStart = true;
    bool m_errAtLineStart = true;
};
