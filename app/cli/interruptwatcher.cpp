#include "interruptwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace {

// A signal handler can reach nothing but globals: the write end of the pipe, and the action to
// restore. Only touched by the single InterruptWatcher and the handler.
volatile std::sig_atomic_t s_writeFd = -1;
struct sigaction s_previous
{ };

extern "C" void onSigint(int)
{
    const int savedErrno = errno;
    const char byte = 1;
    if (s_writeFd >= 0 && ::write(s_writeFd, &byte, 1) < 0) {
        // The pipe is full: an interrupt is pending already.
    }
    // A second Ctrl-C takes the default action: the process ends even if the event loop is stuck.
    ::signal(SIGINT, SIG_DFL);
    errno = savedErrno;
}

} // namespace

InterruptWatcher::InterruptWatcher(QObject *parent)
    : QObject(parent)
{
    Q_ASSERT(s_writeFd < 0);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    m_readFd = fds[0];
    s_writeFd = fds[1];

    struct sigaction action
    { };
    action.sa_handler = onSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &s_previous);

    m_notifier = new QSocketNotifier(m_readFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptWatcher::onReadable);
}

InterruptWatcher::~InterruptWatcher()
{
    if (m_readFd < 0)
        return;
    ::sigaction(SIGINT, &s_previous, nullptr);
    delete m_notifier;
    m_notifier = nullptr;
    const int writeFd = s_writeFd;
    s_writeFd = -1;
    ::close(writeFd);
    ::close(m_readFd);
}

void InterruptWatcher::onReadable()
{
    char buffer[16];
    bool any = false;
    while (::read(m_readFd, buffer, sizeof buffer) > 0)
        any = true;
    if (any)
        Q_EMIT interrupted();
}
