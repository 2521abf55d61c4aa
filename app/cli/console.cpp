#include "console.h"

#include <QFile>

#include <cstdio>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

bool isTerminal(int fd)
{
    return ::isatty(fd) == 1;
}

bool sameFile(int a, int b)
{
    struct stat sa
    { };
    struct stat sb
    { };
    return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void writeAll(std::FILE *stream, const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

Console::Console()
{
    const bool errIsTerminal = isTerminal(STDERR_FILENO);
    m_errTerminal = errIsTerminal;
    m_dim = errIsTerminal && qEnvironmentVariableIsEmpty("NO_COLOR") && qEnvironmentVariable("TERM") != "dumb"_L1;
    m_sharedTerminal = errIsTerminal && isTerminal(STDOUT_FILENO) && sameFile(STDOUT_FILENO, STDERR_FILENO);
}

void Console::write(const QString &text)
{
    writeBytes(text.toUtf8());
}

void Console::writeBytes(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    if (m_sharedTerminal)
        clearProgress();
    if (m_sharedTerminal && !m_errAtLineStart) {
        // Thoughts on the same screen: start the answer on a fresh line.
        writeErr("\n");
    }
    writeAll(stdout, bytes);
    m_outWritten = true;
    m_outAtLineStart = bytes.endsWith('\n');
}

void Console::finishLine()
{
    if (m_outWritten && !m_outAtLineStart)
        writeBytes("\n");
}

void Console::writeErr(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    writeAll(stderr, bytes);
    m_errAtLineStart = bytes.endsWith('\n');
}

void Console::startErrLine()
{
    clearProgress();
    if (m_sharedTerminal && m_outWritten && !m_outAtLineStart) {
        // Both streams end up on one screen: do not glue the message to the answer's last line.
        writeErr("\n");
        m_outAtLineStart = true;
    }
    if (!m_errAtLineStart)
        writeErr("\n");
}

void Console::error(const QString &message)
{
    startErrLine();
    writeErr("alhena-cli: " + message.toUtf8() + '\n');
}

void Console::info(const QString &message)
{
    startErrLine();
    writeErr(message.toUtf8() + '\n');
}

void Console::note(const QString &message)
{
    if (!m_quiet)
        info(message);
}

void Console::thought(const QString &text)
{
    if (text.isEmpty())
        return;
    const QByteArray bytes = text.toUtf8();
    if (m_dim) {
        std::fwrite("\x1b[2m", 1, 4, stderr);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
        writeAll(stderr, "\x1b[22m");
        m_errAtLineStart = bytes.endsWith('\n');
    } else {
        writeErr(bytes);
    }
}

int Console::errColumns() const
{
    struct winsize size
    { };
    if (m_errTerminal && ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return size.ws_col;
    return 80;
}

void Console::progress(const QString &line)
{
    if (m_quiet || !m_errTerminal)
        return;
    if (!m_progressShown)
        startErrLine();
    // Back to the line's start, the new text, then erase whatever the longer old text left.
    writeAll(stderr, "\r" + line.toUtf8() + "\x1b[K");
    m_progressShown = true;
    m_errAtLineStart = false;
}

void Console::clearProgress()
{
    if (!m_progressShown)
        return;
    m_progressShown = false;
    writeAll(stderr, "\r\x1b[K");
    m_errAtLineStart = true;
}

bool Console::stdinIsTerminal()
{
    return isTerminal(STDIN_FILENO);
}

QByteArray Console::readStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readAll();
}
