export default defineAppConfig({
  // Only the four tab pages live in the main package (2 MB limit); every flow is a subpackage.
  pages: ['pages/index/index', 'pages/ledger/index', 'pages/bookings/index', 'pages/mine/index'],
  subPackages: [
    {
      root: 'packages/account',
      pages: ['login/index', 'register/index', 'join/index', 'invite/index', 'members/index'],
    },
    {
      root: 'packages/ledger',
      pages: ['form/index', 'bulk/index', 'detail/index', 'import/index'],
    },
    {
      root: 'packages/help',
      pages: [
        'consult/index',
        'faq/index',
        'manual/index',
        'institutions/index',
        'privacy/index',
        'assistant/index',
      ],
    },
    { root: 'packages/booking', pages: ['edit/index', 'detail/index'] },
    { root: 'packages/tasks', pages: ['index', 'detail/index'] },
    { root: 'packages/messages', pages: ['index'] },
    { root: 'packages/records', pages: ['index', 'form/index', 'detail/index'] },
    { root: 'packages/certificates', pages: ['index', 'detail/index'] },
    // The public check a certificate's QR code opens: alone, so a scan loads as little as possible.
    { root: 'packages/verify', pages: ['index'] },
    { root: 'packages/oversight', pages: ['index', 'overdue/index'] },
  ],
  preloadRule: {
    'pages/mine/index': { network: 'all', packages: ['packages/account', 'packages/messages'] },
    'pages/index/index': { network: 'all', packages: ['packages/help'] },
    'pages/ledger/index': { network: 'all', packages: ['packages/ledger'] },
    'pages/bookings/index': { network: 'all', packages: ['packages/booking', 'packages/tasks', 'packages/records'] },
  },
  window: {
    navigationBarTitleText: '强检通',
    navigationBarBackgroundColor: '#1a5fb4',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f2f4f7',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#4a5260',
    selectedColor: '#1a5fb4',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/ledger/index',
        text: '台账',
        iconPath: 'assets/tabbar/ledger.png',
        selectedIconPath: 'assets/tabbar/ledger-active.png',
      },
      {
        pagePath: 'pages/bookings/index',
        text: '预约',
        iconPath: 'assets/tabbar/booking.png',
        selectedIconPath: 'assets/tabbar/booking-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
  __usePrivacyCheck__: true,
})
